using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Procedures;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Import;

/// <summary>An imported history goes through the decider: the same rules, the same deadlines, the first broken rule rejects it.</summary>
public sealed class HistoryReplayTests
{
    private static readonly Procedure WithFee = Procedure(new TimeLimit(3, TimeLimitUnit.WorkingDays)) with { Code = "9.000002", Fee = 50_000m, PaymentPausesClock = true };
    private static readonly ProcedureCatalogue Catalogue = new([ThreeWorkingDays, WithFee]);
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private static readonly HistoryReplay Replay = new(Decider, Catalogue);
    private static readonly Instant Now = At("2025-06-30T12:00");
    private static readonly Guid Id = ImportIds.StreamId("XA01", "R-1");

    private static HistoryStep Receipt(long line = 1, string at = "2025-03-10T08:00", string? procedure = null) =>
        new(line, Action("receive"), At(at)) { ProcedureCode = procedure ?? ThreeWorkingDays.Code, Channel = Channel.Online, ApplicantName = "Lê Thị B" };

    /// <summary>The step of an action name, "in-process" (status 4 alone) included.</summary>
    internal static StepAction Action(string name) => name == StepAction.InProcess.Name ? StepAction.InProcess : NationalCodes.Actions[name];

    private static ReplayResult Run(params HistoryStep[] steps) => Replay.Replay(Id, "XA01", "R-1", steps, Now);

    /// <summary>A later step of every action, every value given: the decider rules on it (events or a rule), it never throws.</summary>
    [Theory]
    [MemberData(nameof(LaterActions))]
    public void Every_later_action_is_a_command_of_the_decider(string action)
    {
        var step = new HistoryStep(2, Action(action), At("2025-03-10T09:00"))
        {
            Step = "Thẩm định",
            Agency = "Sở Tư pháp",
            Items = "Bản sao CCCD",
            Amount = 50_000m,
            PaymentMethod = PaymentMethod.Cash,
            NewAppointmentAt = At("2025-03-20T08:00"),
            Reason = "lý do",
            ReturnMethod = ResultReturnMethod.Counter,
            ComponentsDigitized = 1,
            Rating = FeedbackRating.Satisfied,
        };

        var result = Run(Receipt(), step);

        (result.History is not null || result.Rejection is not null).ShouldBeTrue();
    }

    public static TheoryData<string> LaterActions =>
        new(NationalCodes.Steps.Where(a => !a.Opens).Append(StepAction.InProcess).Select(a => a.Name));

    [Fact]
    public void A_history_becomes_the_events_the_decider_writes_with_the_deadline_it_computes()
    {
        var result = Run(
            Receipt(),
            new HistoryStep(2, Action("assign"), At("2025-03-10T09:00")) { Step = "Thẩm định", Assignee = "cc1" },
            new HistoryStep(3, Action("supplement-request"), At("2025-03-10T10:00")) { Items = "Bản sao CCCD" },
            // Status 4 after 5: the supplement arrived.
            new HistoryStep(4, StepAction.InProcess, At("2025-03-11T08:00")),
            new HistoryStep(5, Action("digitize"), At("2025-03-11T08:30")) { ComponentsDigitized = 2 },
            new HistoryStep(6, Action("resolve"), At("2025-03-12T10:00")),
            new HistoryStep(7, Action("result-return"), At("2025-03-12T11:00")) { ReturnMethod = ResultReturnMethod.Electronic });

        result.Rejection.ShouldBeNull();
        var history = result.History.ShouldNotBeNull();
        history.DossierId.ShouldBe(Id);
        history.Events.Select(e => e.GetType()).ShouldBe(
        [
            typeof(DossierReceived), typeof(DossierAssigned), typeof(SupplementRequested), typeof(SupplementReceived),
            typeof(DossierDigitized), typeof(DossierResolved), typeof(ResultReturned),
        ]);
        var received = history.Events[0].ShouldBeOfType<DossierReceived>();
        received.DueAt.ShouldBe(At("2025-03-13T08:00"));
        received.ReceiptNo.ShouldBe("R-1");
        // Paused at 10:00 on Monday, resumed at 08:00 on Tuesday: the working time that was left counts on from there.
        var resumed = history.Events[3].ShouldBeOfType<SupplementReceived>();
        resumed.NewDueAt.ShouldBe(WorkingTimeCalendar.Vietnam.AddWorkingTime(At("2025-03-11T08:00"),
            WorkingTimeCalendar.Vietnam.WorkingTimeBetween(At("2025-03-10T10:00"), At("2025-03-13T08:00"))));
        history.State.Status.ShouldBe(DossierStatus.ResultReturned);
        history.State.Timeliness.ShouldBe(Timeliness.Early);
        history.State.Version.ShouldBe(7);
    }

    [Fact]
    public void Rows_are_taken_in_business_time_order_whatever_their_order_in_the_file()
    {
        var result = Run(
            new HistoryStep(3, Action("resolve"), At("2025-03-12T10:00")),
            new HistoryStep(2, Action("assign"), At("2025-03-10T09:00")) { Step = "Thẩm định" },
            Receipt(line: 1));

        result.History.ShouldNotBeNull().Events.Select(e => e.GetType()).ShouldBe([typeof(DossierReceived), typeof(DossierAssigned), typeof(DossierResolved)]);
    }

    [Fact]
    public void Status_4_after_a_pausing_payment_request_is_the_payment_and_needs_its_method()
    {
        var receipt = Receipt(procedure: WithFee.Code);
        var request = new HistoryStep(2, Action("payment-request"), At("2025-03-10T09:00"));
        var paid = Run(receipt, request, new HistoryStep(3, StepAction.InProcess, At("2025-03-10T10:00")) { PaymentMethod = PaymentMethod.NationalPortal });
        var events = paid.History.ShouldNotBeNull().Events;
        events[1].ShouldBeOfType<PaymentRequested>().ShouldSatisfyAllConditions(
            r => r.Amount.ShouldBe(50_000m), r => r.PausesClock.ShouldBeTrue());
        events[2].ShouldBeOfType<PaymentReceived>().ShouldSatisfyAllConditions(
            p => p.Amount.ShouldBe(50_000m), p => p.NewDueAt.ShouldNotBeNull());

        var unpaid = Run(receipt, request, new HistoryStep(3, StepAction.InProcess, At("2025-03-10T10:00")));
        unpaid.Rejection.ShouldBe(new StepRejection(3, ImportColumns.PaymentMethod, ImportRules.MissingValue, unpaid.Rejection!.Message));
    }

    [Fact]
    public void The_first_broken_lifecycle_rule_rejects_the_dossier_at_its_row()
    {
        var result = Run(
            Receipt(),
            new HistoryStep(2, Action("supplement-request"), At("2025-03-10T10:00")) { Items = "Bản sao CCCD" },
            new HistoryStep(3, Action("resolve"), At("2025-03-11T10:00")),
            new HistoryStep(4, Action("stop"), At("2025-03-12T10:00")));

        result.History.ShouldBeNull();
        result.Rejection.ShouldNotBeNull().ShouldSatisfyAllConditions(
            r => r.Line.ShouldBe(3), r => r.Column.ShouldBe(ImportColumns.Status), r => r.Rule.ShouldBe(DossierRules.DossierPaused));
    }

    [Fact]
    public void Time_rules_point_at_occurred_at()
    {
        var future = Run(Receipt(), new HistoryStep(2, Action("resolve"), Now + Duration.FromDays(1)));
        future.Rejection.ShouldNotBeNull().ShouldSatisfyAllConditions(
            r => r.Rule.ShouldBe(DossierRules.InstantInFuture), r => r.Column.ShouldBe(ImportColumns.OccurredAt));
    }

    [Fact]
    public void A_history_must_start_with_one_receipt()
    {
        Run(new HistoryStep(1, Action("resolve"), At("2025-03-12T10:00")), Receipt(line: 2, at: "2025-03-12T11:00"))
            .Rejection.ShouldNotBeNull().Rule.ShouldBe(ImportRules.HistoryWithoutReceipt);
        Run(Receipt(), Receipt(line: 2, at: "2025-03-11T08:00"))
            .Rejection.ShouldNotBeNull().ShouldSatisfyAllConditions(r => r.Rule.ShouldBe(ImportRules.SecondReceipt), r => r.Line.ShouldBe(2));
    }

    [Fact]
    public void The_procedure_must_be_known_and_later_rows_must_agree_with_the_receipt()
    {
        Run(Receipt(procedure: "0.000000")).Rejection.ShouldNotBeNull()
            .ShouldSatisfyAllConditions(r => r.Rule.ShouldBe(ImportRules.UnknownProcedure), r => r.Column.ShouldBe(ImportColumns.ProcedureCode));
        Run(Receipt(), new HistoryStep(2, Action("resolve"), At("2025-03-11T10:00")) { Channel = Channel.Direct })
            .Rejection.ShouldNotBeNull().ShouldSatisfyAllConditions(r => r.Rule.ShouldBe(ImportRules.InconsistentDossier), r => r.Column.ShouldBe(ImportColumns.Channel));
    }

    [Fact]
    public void A_receipt_without_a_channel_is_direct_as_QD_766_counts_it()
    {
        var replayed = Run(Receipt() with { Channel = null });

        replayed.Rejection.ShouldBeNull();
        replayed.History!.State.Channel.ShouldBe(Channel.Direct);
        Run(Receipt() with { Channel = null }, new HistoryStep(2, Action("resolve"), At("2025-03-11T10:00")) { Channel = Channel.Online })
            .Rejection.ShouldNotBeNull().Rule.ShouldBe(ImportRules.InconsistentDossier);
    }

    [Fact]
    public void A_refusal_at_intake_is_a_history_of_its_own_and_nothing_follows_it()
    {
        var refusal = new HistoryStep(1, Action("refuse"), At("2025-03-10T08:00"))
        {
            ProcedureCode = ThreeWorkingDays.Code,
            Channel = Channel.Direct,
            Reason = "Không thuộc thẩm quyền",
        };
        Run(refusal).History.ShouldNotBeNull().State.Status.ShouldBe(DossierStatus.Refused);
        Run(refusal with { Reason = null }).Rejection.ShouldNotBeNull().Column.ShouldBe(ImportColumns.Reason);
        Run(refusal, new HistoryStep(2, Action("digitize"), At("2025-03-10T09:00")))
            .Rejection.ShouldNotBeNull().Rule.ShouldBe(DossierRules.DossierRefused);
    }

    [Fact]
    public void Status_1_rows_are_the_portals_and_store_nothing()
    {
        Run(new HistoryStep(1, StepAction.Ignore, At("2025-03-09T20:00"))).ShouldBe(ReplayResult.Nothing);
        Run(new HistoryStep(1, StepAction.Ignore, At("2025-03-09T20:00")), Receipt(line: 2)).History.ShouldNotBeNull().Events.Count.ShouldBe(1);
    }
}

public sealed class ImportIdsTests
{
    [Fact]
    public void A_dossier_keeps_its_id_from_run_to_run_and_units_do_not_share_ids()
    {
        var id = ImportIds.StreamId("XA01", "R-1");
        ImportIds.StreamId("XA01", "R-1").ShouldBe(id);
        ImportIds.StreamId("XA02", "R-1").ShouldNotBe(id);
        ImportIds.StreamId("XA01", "R-2").ShouldNotBe(id);
        ImportIds.StreamId("XA0", "1\nR-1").ShouldNotBe(ImportIds.StreamId("XA01", "R-1"));
        id.Version.ShouldBe(5);
    }
}

public sealed class NationalCodesTests
{
    /// <summary>Every step has a name a file can give it and a status it leaves (or none): a new one must be named.</summary>
    [Fact]
    public void Every_step_is_named_and_says_which_status_it_leaves()
    {
        foreach (var action in NationalCodes.Steps.Append(StepAction.Ignore).Append(StepAction.InProcess))
        {
            action.Name.ShouldNotBeNullOrEmpty();
            (action.Status is null or (>= 1 and <= 10)).ShouldBeTrue(action.Name);
        }

        // A name the action column gives one step only, and a status code (but 4, "in process") that names one step only.
        NationalCodes.Actions.Count.ShouldBe(NationalCodes.Steps.Count);
        NationalCodes.Steps.Where(a => a.Status is { } status && status != StepAction.InProcess.Status)
            .GroupBy(a => a.Status).ShouldAllBe(same => same.Count() == 1);
    }

    [Theory]
    [InlineData(2, "receive")]
    [InlineData(3, "refuse")]
    [InlineData(4, "in-process")]
    [InlineData(5, "supplement-request")]
    [InlineData(6, "payment-request")]
    [InlineData(7, "withdraw")]
    [InlineData(8, "stop")]
    [InlineData(9, "resolve")]
    [InlineData(10, "result-return")]
    public void Each_status_code_maps_to_the_command_that_sets_it(int status, string name)
    {
        var action = HistoryReplayTests.Action(name);
        NationalCodes.ActionOfStatus(status).ShouldBe(action);
        action.Status.ShouldBe(status);
    }

    [Fact]
    public void Unknown_codes_map_to_nothing()
    {
        NationalCodes.ActionOfStatus(0).ShouldBeNull();
        NationalCodes.ActionOfStatus(11).ShouldBeNull();
        NationalCodes.Actions["digitize"].Status.ShouldBeNull();
    }
}

using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Dossiers;

public class DossierDeciderTests
{
    private static readonly DossierDecider ByDate = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private static readonly DossierDecider ByInstant = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Instant);

    // Received Monday 10/3/2025 at 07:00 with three working days: due Wednesday 12/3/2025 at 17:00.
    private static readonly Instant ReceivedAt = At("2025-03-10T07:00");
    private static readonly Instant DueAt = At("2025-03-12T17:00");

    /// <summary>"Now" late enough for every instant the tests record to be in the past.</summary>
    private static readonly Instant Later = At("2025-04-30T12:00");

    private static Dossier Open() => Dossier.Start(Received(ReceivedAt, DueAt));

    private static Dossier Resolved(Instant at) =>
        Open().On(new DossierResolved(DossierId, at, Timeliness.Early));

    private static ReceiveDossier Request(Procedure procedure, Instant receivedAt, Channel channel = Channel.Online) =>
        new(DossierId, "000.00.12.H56-250310-0001", "UBND-XA-01", procedure, channel, receivedAt, "Nguyễn Văn A");

    private static T ShouldAcceptOne<T>(Decision decision)
        where T : IDossierEvent
    {
        decision.Violation.ShouldBeNull();
        return decision.Events.ShouldHaveSingleItem().ShouldBeOfType<T>();
    }

    private static void ShouldReject(Decision decision, string rule)
    {
        decision.Violation.ShouldNotBeNull().Rule.ShouldBe(rule);
        decision.Violation.Detail.ShouldNotBeNullOrWhiteSpace();
        decision.Events.ShouldBeEmpty();
    }

    // ---- Receive: the receiving unit ---------------------------------------------------------

    [Fact]
    public void A_receipt_for_another_authority_runs_its_clock_on_the_receiving_units_office_hours()
    {
        // The centre opens 06:30–11:00 and 13:00–16:30; the authority keeps the default hours.
        var centreHours = new OfficeHours(new LocalTime(6, 30), new LocalTime(11, 0), new LocalTime(13, 0), new LocalTime(16, 30));
        var vietnam = WorkingTimeCalendar.Vietnam;
        var decider = new DossierDecider(
            unit => unit == "CENTRE" ? new WorkingTimeCalendar(vietnam.Zone, centreHours, vietnam.Days) : vietnam, TimelinessGranularity.Date);
        var receipt = Request(ThreeWorkingDays, At("2025-03-10T06:30")) with { ReceivingUnitCode = "CENTRE", ReceivedBy = "clerk" };

        var received = ShouldAcceptOne<DossierReceived>(decider.Decide(null, receipt, Later));

        received.DueAt.ShouldBe(At("2025-03-12T16:30")); // three of the centre's days, not 17:00
        received.ReceivingUnitCode.ShouldBe("CENTRE");
        received.ReceivedBy.ShouldBe("clerk");
        var dossier = Dossier.Start(received);
        dossier.ReceivingUnitCode.ShouldBe("CENTRE");

        // The pause and the resumption count on the same hours: 1h30 left at 15:00 Wednesday, resumed Thursday 06:30.
        var paused = dossier.Evolve(ShouldAcceptOne<SupplementRequested>(
            decider.Decide(dossier, new RequestSupplement(At("2025-03-12T15:00"), "giấy tờ"), Later)));
        ShouldAcceptOne<SupplementReceived>(decider.Decide(paused, new ReceiveSupplement(At("2025-03-13T06:30")), Later))
            .NewDueAt.ShouldBe(At("2025-03-13T08:00"));
    }

    [Fact]
    public void A_receipt_at_the_authoritys_own_desk_records_no_receiving_unit()
    {
        var received = ShouldAcceptOne<DossierReceived>(ByDate.Decide(null, Request(ThreeWorkingDays, ReceivedAt) with { ReceivingUnitCode = "UBND-XA-01" }, Later));

        received.ReceivingUnitCode.ShouldBeNull();
        Dossier.Start(received).ReceivingUnitCode.ShouldBe("UBND-XA-01");
        Dossier.Start(Received(ReceivedAt, DueAt)).ReceivingUnitCode.ShouldBe("UBND-XA-01"); // events from before centres
    }

    // ---- Receive: the due instant ------------------------------------------------------------

    [Theory]
    [InlineData("2025-03-10T14:00", "2025-03-10T17:00")] // same-day procedure before the 15:00 cut-off
    [InlineData("2025-03-10T14:59", "2025-03-10T17:00")]
    [InlineData("2025-03-10T15:00", "2025-03-11T17:00")] // at the cut-off: next working day
    [InlineData("2025-03-14T15:30", "2025-03-17T17:00")] // Friday after the cut-off: Monday
    [InlineData("2025-03-14T18:00", "2025-03-17T17:00")] // Friday after closing: clock starts Monday 07:00
    public void Receive_computes_the_due_of_a_same_day_procedure(string received, string expectedDue)
    {
        var decision = ByDate.Decide(null, Request(SameDay, At(received)), At(received));

        ShouldAcceptOne<DossierReceived>(decision).DueAt.ShouldBe(At(expectedDue));
    }

    [Theory]
    [InlineData("2025-03-10T07:00", "2025-03-12T17:00")] // three full days: Wednesday at closing
    [InlineData("2025-03-10T06:30", "2025-03-12T17:00")] // before opening: clock starts at 07:00
    [InlineData("2025-03-10T09:00", "2025-03-13T09:00")] // 6 h Monday + 8 h + 8 h + 2 h Thursday
    [InlineData("2025-03-10T12:00", "2025-03-13T11:30")] // lunch break: clock starts at 13:30
    [InlineData("2025-01-24T10:00", "2025-02-05T10:00")] // Friday before Tết Ất Tỵ (25/1–2/2 off)
    public void Receive_computes_the_due_of_a_working_days_procedure(string received, string expectedDue)
    {
        var decision = ByDate.Decide(null, Request(ThreeWorkingDays, At(received)), At(received));

        ShouldAcceptOne<DossierReceived>(decision).DueAt.ShouldBe(At(expectedDue));
    }

    [Theory]
    [InlineData(Channel.Online, "2025-03-10T17:00")] // one working day online
    [InlineData(Channel.Direct, "2025-03-12T17:00")] // the three of the procedure otherwise
    [InlineData(Channel.Postal, "2025-03-12T17:00")]
    public void Receive_gives_an_online_dossier_the_procedures_online_time_limit(Channel channel, string expectedDue)
    {
        var procedure = ThreeWorkingDays with { OnlineTimeLimit = new TimeLimit(1, TimeLimitUnit.WorkingDays) };

        var decision = ByDate.Decide(null, Request(procedure, At("2025-03-10T07:00"), channel), At("2025-03-10T07:00"));

        ShouldAcceptOne<DossierReceived>(decision).DueAt.ShouldBe(At(expectedDue));
    }

    [Fact]
    public void An_online_time_limit_is_a_shorter_count_of_the_procedures_own_unit()
    {
        var three = new TimeLimit(3, TimeLimitUnit.WorkingDays);
        Domain.Procedures.Procedure.OnlineTimeLimitConflict(three, new TimeLimit(1, TimeLimitUnit.WorkingDays)).ShouldBeNull();
        Domain.Procedures.Procedure.OnlineTimeLimitConflict(three, three).ShouldBeNull();
        Domain.Procedures.Procedure.OnlineTimeLimitConflict(three, new TimeLimit(4, TimeLimitUnit.WorkingDays)).ShouldNotBeNull();
        Domain.Procedures.Procedure.OnlineTimeLimitConflict(three, new TimeLimit(2, TimeLimitUnit.CalendarDays)).ShouldNotBeNull();
        var sameDay = new TimeLimit(0, TimeLimitUnit.SameDay, 15);
        Domain.Procedures.Procedure.OnlineTimeLimitConflict(sameDay, sameDay).ShouldNotBeNull();
    }

    [Fact]
    public void Receive_emits_one_event_carrying_the_request_and_the_procedure()
    {
        var receivedAt = At("2025-03-10T09:00");

        var decision = ByDate.Decide(null, Request(ThreeWorkingDays, receivedAt, Channel.Postal), receivedAt + Duration.FromMinutes(5));

        ShouldAcceptOne<DossierReceived>(decision).ShouldBe(new DossierReceived(
            DossierId, "000.00.12.H56-250310-0001", "UBND-XA-01", "1.001234", "CT", Channel.Postal,
            receivedAt, At("2025-03-13T09:00"), "Nguyễn Văn A", Traits: new ProcedureTraits(TimeLimitUnit.WorkingDays, PaperResult: true, FeeBearing: false)));
    }

    [Fact]
    public void Receive_beyond_the_clock_skew_tolerance_is_in_the_future()
    {
        var now = At("2025-03-10T09:00");

        ShouldReject(
            ByDate.Decide(null, Request(SameDay, now + Duration.FromMinutes(2) + Duration.FromSeconds(1)), now),
            DossierRules.InstantInFuture);
        ShouldReject(ByDate.Decide(null, Request(SameDay, now + Duration.FromHours(1)), now), DossierRules.InstantInFuture);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(119)]
    [InlineData(120)]
    public void Receive_within_the_clock_skew_tolerance_is_accepted(int secondsAhead)
    {
        var now = At("2025-03-10T09:00");
        var receivedAt = now + Duration.FromSeconds(secondsAhead);

        ShouldAcceptOne<DossierReceived>(ByDate.Decide(null, Request(SameDay, receivedAt), now)).OccurredAt.ShouldBe(receivedAt);
    }

    [Fact]
    public void The_clock_skew_tolerance_is_two_minutes() =>
        DossierDecider.ClockSkewTolerance.ShouldBe(Duration.FromMinutes(2));

    // ---- Resolve, withdraw, stop: preconditions ------------------------------------------------

    [Fact]
    public void Resolve_withdraw_and_stop_before_receipt_are_rejected()
    {
        var before = ReceivedAt - Duration.FromSeconds(1);

        ShouldReject(ByDate.Decide(Open(), new ResolveDossier(before), Later), DossierRules.BeforeReceipt);
        ShouldReject(ByDate.Decide(Open(), new WithdrawDossier(before, "rút"), Later), DossierRules.BeforeReceipt);
        ShouldReject(ByDate.Decide(Open(), new StopDossier(before, "dừng"), Later), DossierRules.BeforeReceipt);
    }

    [Fact]
    public void Resolve_at_the_receipt_instant_is_accepted() =>
        ShouldAcceptOne<DossierResolved>(ByDate.Decide(Open(), new ResolveDossier(ReceivedAt), Later)).OccurredAt.ShouldBe(ReceivedAt);

    [Fact]
    public void Resolve_withdraw_and_stop_in_the_future_are_rejected()
    {
        var now = At("2025-03-11T10:00");
        var future = now + Duration.FromMinutes(3);

        ShouldReject(ByDate.Decide(Open(), new ResolveDossier(future), now), DossierRules.InstantInFuture);
        ShouldReject(ByDate.Decide(Open(), new WithdrawDossier(future, null), now), DossierRules.InstantInFuture);
        ShouldReject(ByDate.Decide(Open(), new StopDossier(future, "dừng"), now), DossierRules.InstantInFuture);
        ShouldAcceptOne<DossierResolved>(ByDate.Decide(Open(), new ResolveDossier(now + Duration.FromMinutes(2)), now));
    }

    [Fact]
    public void A_second_resolution_is_rejected()
    {
        var resolved = Resolved(At("2025-03-11T10:00"));

        ShouldReject(ByDate.Decide(resolved, new ResolveDossier(At("2025-03-11T11:00")), Later), DossierRules.DossierClosed);
    }

    [Fact]
    public void Withdraw_and_stop_after_resolution_are_rejected()
    {
        var resolved = Resolved(At("2025-03-11T10:00"));

        ShouldReject(ByDate.Decide(resolved, new WithdrawDossier(At("2025-03-11T11:00"), "rút"), Later), DossierRules.DossierClosed);
        ShouldReject(ByDate.Decide(resolved, new StopDossier(At("2025-03-11T11:00"), "dừng"), Later), DossierRules.DossierClosed);
    }

    [Fact]
    public void Nothing_but_result_return_follows_a_closure()
    {
        var at = At("2025-03-11T11:00");
        var withdrawn = Open().On(new DossierWithdrawn(DossierId, At("2025-03-11T10:00"), "rút"));
        var stopped = Open().On(new DossierStopped(DossierId, At("2025-03-11T10:00"), "dừng"));
        var returned = Resolved(At("2025-03-11T10:00"))
            .On(new ResultReturned(DossierId, At("2025-03-11T10:30"), ResultReturnMethod.Counter));

        foreach (var closed in new[] { withdrawn, stopped, returned })
        {
            ShouldReject(ByDate.Decide(closed, new ResolveDossier(at), Later), DossierRules.DossierClosed);
            ShouldReject(ByDate.Decide(closed, new WithdrawDossier(at, null), Later), DossierRules.DossierClosed);
            ShouldReject(ByDate.Decide(closed, new StopDossier(at, "dừng"), Later), DossierRules.DossierClosed);
        }
    }

    [Fact]
    public void Withdraw_and_stop_emit_one_event_with_the_reason()
    {
        var at = At("2025-03-11T10:00");

        ShouldAcceptOne<DossierWithdrawn>(ByDate.Decide(Open(), new WithdrawDossier(at, "Công dân xin rút"), Later))
            .ShouldBe(new DossierWithdrawn(DossierId, at, "Công dân xin rút"));
        ShouldAcceptOne<DossierWithdrawn>(ByDate.Decide(Open(), new WithdrawDossier(at, null), Later))
            .ShouldBe(new DossierWithdrawn(DossierId, at, null));
        ShouldAcceptOne<DossierStopped>(ByDate.Decide(Open(), new StopDossier(at, "Thiếu giấy tờ"), Later))
            .ShouldBe(new DossierStopped(DossierId, at, "Thiếu giấy tờ"));
    }

    // ---- Resolve: timeliness ----------------------------------------------------------------

    [Theory]
    [InlineData("2025-03-10T07:05", Timeliness.Early)]
    [InlineData("2025-03-11T16:59", Timeliness.Early)] // the day before the due date
    [InlineData("2025-03-12T07:00", Timeliness.OnTime)] // on the due date, whatever the hour
    [InlineData("2025-03-12T16:59", Timeliness.OnTime)]
    [InlineData("2025-03-12T17:01", Timeliness.OnTime)]
    [InlineData("2025-03-12T23:59", Timeliness.OnTime)]
    [InlineData("2025-03-13T00:00", Timeliness.Overdue)] // local midnight after the due date
    [InlineData("2025-03-13T08:00", Timeliness.Overdue)] // the day after
    public void Date_granularity_compares_local_dates(string resolvedAt, Timeliness expected)
    {
        var at = At(resolvedAt);

        ShouldAcceptOne<DossierResolved>(ByDate.Decide(Open(), new ResolveDossier(at), Later))
            .ShouldBe(new DossierResolved(DossierId, at, expected));
    }

    [Theory]
    [InlineData("2025-03-11T16:59", Timeliness.Early)]
    [InlineData("2025-03-12T16:59", Timeliness.Early)]
    [InlineData("2025-03-12T17:00", Timeliness.OnTime)] // exactly at the due instant
    [InlineData("2025-03-12T17:01", Timeliness.Overdue)] // one minute late, same day
    [InlineData("2025-03-13T08:00", Timeliness.Overdue)]
    public void Instant_granularity_compares_instants(string resolvedAt, Timeliness expected)
    {
        var at = At(resolvedAt);

        ShouldAcceptOne<DossierResolved>(ByInstant.Decide(Open(), new ResolveDossier(at), Later))
            .ShouldBe(new DossierResolved(DossierId, at, expected));
    }

    [Fact]
    public void Date_granularity_reads_dates_in_the_Vietnamese_zone()
    {
        // 13/3 06:00 +07:00 is 12/3 23:00 UTC: the day after the due date locally, the due date in UTC.
        ShouldAcceptOne<DossierResolved>(ByDate.Decide(Open(), new ResolveDossier(At("2025-03-13T06:00")), Later))
            .Timeliness.ShouldBe(Timeliness.Overdue);
    }

    [Fact]
    public void TimelinessJudge_agrees_with_the_decider()
    {
        var zone = WorkingTimeCalendar.Vietnam.Zone;

        TimelinessJudge.Judge(At("2025-03-12T17:01"), DueAt, zone, TimelinessGranularity.Date).ShouldBe(Timeliness.OnTime);
        TimelinessJudge.Judge(At("2025-03-12T17:01"), DueAt, zone, TimelinessGranularity.Instant).ShouldBe(Timeliness.Overdue);
        TimelinessJudge.Judge(DueAt, DueAt, zone, TimelinessGranularity.Instant).ShouldBe(Timeliness.OnTime);
    }

    // ---- Result return ------------------------------------------------------------------------

    [Fact]
    public void Result_return_before_resolution_is_rejected() =>
        ShouldReject(
            ByDate.Decide(Open(), new ReturnResult(At("2025-03-11T10:00"), ResultReturnMethod.Counter), Later),
            DossierRules.ResultBeforeResolution);

    [Fact]
    public void Result_return_at_an_instant_before_the_resolution_is_rejected()
    {
        var resolved = Resolved(At("2025-03-11T10:00"));

        ShouldReject(
            ByDate.Decide(resolved, new ReturnResult(At("2025-03-11T09:59"), ResultReturnMethod.Counter), Later),
            DossierRules.ResultBeforeResolution);
    }

    [Fact]
    public void Result_return_at_or_after_the_resolution_emits_one_event()
    {
        var resolvedAt = At("2025-03-11T10:00");
        var resolved = Resolved(resolvedAt);

        ShouldAcceptOne<ResultReturned>(ByDate.Decide(resolved, new ReturnResult(resolvedAt, ResultReturnMethod.Postal), Later))
            .ShouldBe(new ResultReturned(DossierId, resolvedAt, ResultReturnMethod.Postal));
        ShouldAcceptOne<ResultReturned>(ByDate.Decide(resolved, new ReturnResult(At("2025-03-14T08:00"), ResultReturnMethod.Online), Later))
            .ShouldBe(new ResultReturned(DossierId, At("2025-03-14T08:00"), ResultReturnMethod.Online));
    }

    [Fact]
    public void A_second_result_return_is_rejected()
    {
        var returned = Resolved(At("2025-03-11T10:00"))
            .On(new ResultReturned(DossierId, At("2025-03-11T10:30"), ResultReturnMethod.Counter));

        ShouldReject(
            ByDate.Decide(returned, new ReturnResult(At("2025-03-11T11:00"), ResultReturnMethod.Counter), Later),
            DossierRules.ResultAlreadyReturned);
    }

    [Fact]
    public void Result_return_after_a_withdrawal_or_a_stop_is_rejected()
    {
        var withdrawn = Open().On(new DossierWithdrawn(DossierId, At("2025-03-11T10:00"), "rút"));
        var stopped = Open().On(new DossierStopped(DossierId, At("2025-03-11T10:00"), "dừng"));

        ShouldReject(
            ByDate.Decide(withdrawn, new ReturnResult(At("2025-03-11T11:00"), ResultReturnMethod.Counter), Later),
            DossierRules.ResultBeforeResolution);
        ShouldReject(
            ByDate.Decide(stopped, new ReturnResult(At("2025-03-11T11:00"), ResultReturnMethod.Counter), Later),
            DossierRules.ResultBeforeResolution);
    }

    [Fact]
    public void Result_return_in_the_future_is_rejected()
    {
        var now = At("2025-03-11T10:30");
        var resolved = Resolved(At("2025-03-11T10:00"));

        ShouldReject(
            ByDate.Decide(resolved, new ReturnResult(now + Duration.FromMinutes(3), ResultReturnMethod.Counter), now),
            DossierRules.InstantInFuture);
    }

    // ---- The whole lifecycle through the decider ----------------------------------------------

    [Fact]
    public void Decisions_fold_into_the_lifecycle()
    {
        var receivedAt = At("2025-03-10T09:00");
        var events = new List<IDossierEvent>();
        events.AddRange(ByDate.Decide(null, Request(ThreeWorkingDays, receivedAt), receivedAt).Events);
        events.AddRange(ByDate.Decide(Dossier.Fold(events), new ResolveDossier(At("2025-03-13T16:00")), Later).Events);
        events.AddRange(ByDate.Decide(Dossier.Fold(events), new ReturnResult(At("2025-03-14T08:00"), ResultReturnMethod.Counter), Later).Events);

        var dossier = Dossier.Fold(events);

        dossier.Version.ShouldBe(3);
        dossier.Status.ShouldBe(DossierStatus.ResultReturned);
        dossier.DueAt.ShouldBe(At("2025-03-13T09:00"));
        dossier.Timeliness.ShouldBe(Timeliness.OnTime);
        dossier.ClosedAt.ShouldBe(At("2025-03-13T16:00"));
        ShouldReject(ByDate.Decide(dossier, new ReturnResult(At("2025-03-14T09:00"), ResultReturnMethod.Counter), Later), DossierRules.ResultAlreadyReturned);
    }

    /// <summary>A command the decider was never taught: it must not be waved through as "nothing to do".</summary>
    private sealed record UnknownCommand : DossierCommand;

    [Fact]
    public void A_command_the_decider_does_not_know_or_on_the_wrong_state_is_a_programming_error_not_a_decision()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ByDate.Decide(Open(), new UnknownCommand(), Later));
        Should.Throw<ArgumentException>(() => ByDate.Decide(null, new ResolveDossier(ReceivedAt), Later));
        Should.Throw<ArgumentException>(() => ByDate.Decide(Open(), Request(ThreeWorkingDays, ReceivedAt), Later));
    }
}

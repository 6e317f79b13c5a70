using DossierLedger.Domain.Dossiers;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>
/// The extended lifecycle (shared/domain.md §3–§4) through the decider. Every expected instant is worked
/// out by hand in office hours 07:00–11:30 and 13:30–17:00, Monday–Friday, in March 2025 (no holidays).
/// The reference dossier is received Monday 10/3 08:00 with three working days: due Thursday 13/3 08:00.
/// </summary>
public class LifecycleRulesTests
{
    private static readonly Duration SixteenHours = Duration.FromHours(16);

    /// <summary>Supplement requested Tuesday 11/3 08:00: 7 h Tuesday + 8 h Wednesday + 1 h Thursday = 16 h left.</summary>
    private static Dossier AwaitingSupplement(DossierDecider? decider = null) =>
        Open(decider).Then((decider ?? ByDate).Decide(Open(decider), new RequestSupplement(At("2025-03-11T08:00"), "Bản sao CCCD"), Later));

    /// <summary>The supplement arrives Monday 17/3 10:00: 1.5 h + 3.5 h Monday, 8 h Tuesday, 3 h Wednesday → due Wednesday 19/3 10:00.</summary>
    private static Dossier Resumed(DossierDecider? decider = null)
    {
        var paused = AwaitingSupplement(decider);
        return paused.Then((decider ?? ByDate).Decide(paused, new ReceiveSupplement(At("2025-03-17T10:00")), Later));
    }

    private static Dossier Resolved()
    {
        var open = Open();
        return open.Then(ByDate.Decide(open, new ResolveDossier(At("2025-03-12T10:00")), Later));
    }

    // ---- The reference dossier ---------------------------------------------------------------

    [Fact]
    public void The_reference_dossier_is_due_Thursday_at_eight()
    {
        var open = Open();

        open.DueAt.ShouldBe(At("2025-03-13T08:00"));
        open.OriginalDueAt.ShouldBe(At("2025-03-13T08:00"));
        open.LastEventAt.ShouldBe(ReceivedAt);
        open.IsPaused.ShouldBeFalse();
        open.SupplementRequests.ShouldBe(0);
        ByDate.Calendar.WorkingTimeBetween(ReceivedAt, DueAt).ShouldBe(Duration.FromHours(24));
    }

    // ---- Supplement: the clock is suspended, not restarted -----------------------------------

    [Fact]
    public void A_supplement_request_pauses_the_clock_and_remembers_the_working_time_left()
    {
        var open = Open();
        var at = At("2025-03-11T08:00");

        var requested = ByDate.Decide(open, new RequestSupplement(at, "Bản sao CCCD"), Later).ShouldAcceptOne<SupplementRequested>();
        var paused = open.Evolve(requested);

        requested.ShouldBe(new SupplementRequested(DossierId, at, "Bản sao CCCD", SixteenHours));
        paused.ShouldSatisfyAllConditions(
            () => paused.Status.ShouldBe(DossierStatus.AwaitingSupplement),
            () => paused.IsPaused.ShouldBeTrue(),
            () => paused.PausedAt.ShouldBe(at),
            () => paused.RemainingAtPause.ShouldBe(SixteenHours),
            () => paused.SupplementRequests.ShouldBe(1),
            () => paused.DueAt.ShouldBe(DueAt),
            () => paused.OriginalDueAt.ShouldBe(DueAt),
            () => paused.Status.IsClosed().ShouldBeFalse());
    }

    [Fact]
    public void The_supplement_moves_the_due_by_the_remaining_working_time_from_the_resumption()
    {
        var paused = AwaitingSupplement();
        var at = At("2025-03-17T10:00");

        var received = ByDate.Decide(paused, new ReceiveSupplement(at), Later).ShouldAcceptOne<SupplementReceived>();
        var resumed = paused.Evolve(received);

        received.ShouldBe(new SupplementReceived(DossierId, at, At("2025-03-19T10:00")));
        resumed.ShouldSatisfyAllConditions(
            () => resumed.Status.ShouldBe(DossierStatus.InProcess),
            () => resumed.DueAt.ShouldBe(At("2025-03-19T10:00")),
            () => resumed.OriginalDueAt.ShouldBe(DueAt),
            () => resumed.IsPaused.ShouldBeFalse(),
            () => resumed.PausedAt.ShouldBeNull(),
            () => resumed.RemainingAtPause.ShouldBeNull(),
            () => resumed.SupplementRequests.ShouldBe(1));
    }

    [Fact]
    public void Time_spent_before_the_pause_still_counts()
    {
        // A restarted clock would give the full three days again from Monday 17/3 10:00: Thursday 20/3 10:00.
        var resumed = Resumed();

        resumed.DueAt.ShouldNotBe(At("2025-03-20T10:00"));
        var calendar = ByDate.Calendar;
        (calendar.WorkingTimeBetween(ReceivedAt, At("2025-03-11T08:00"))
            + calendar.WorkingTimeBetween(At("2025-03-17T10:00"), resumed.DueAt)).ShouldBe(Duration.FromHours(24));
    }

    [Theory]
    [InlineData("2025-03-17T11:00", Timeliness.Early)]
    [InlineData("2025-03-18T16:00", Timeliness.Early)] // the day before the new due date
    [InlineData("2025-03-19T07:00", Timeliness.OnTime)]
    [InlineData("2025-03-19T16:30", Timeliness.OnTime)] // on the new due date, whatever the hour
    [InlineData("2025-03-20T07:30", Timeliness.Overdue)] // where a restarted clock would still be on time
    public void After_resumption_timeliness_is_judged_on_the_new_due_date(string resolvedAt, Timeliness expected)
    {
        var resumed = Resumed();

        // The processing time it also carries is worked by hand in QualityFormulaTests.
        (ByDate.Decide(resumed, new ResolveDossier(At(resolvedAt)), Later).ShouldAcceptOne<DossierResolved>() with { ProcessingTime = null })
            .ShouldBe(new DossierResolved(DossierId, At(resolvedAt), expected));
    }

    [Theory]
    [InlineData("2025-03-19T09:59", Timeliness.Early)]
    [InlineData("2025-03-19T10:00", Timeliness.OnTime)]
    [InlineData("2025-03-19T10:01", Timeliness.Overdue)]
    public void After_resumption_instant_granularity_compares_with_the_new_due_instant(string resolvedAt, Timeliness expected)
    {
        var resumed = Resumed(ByInstant);

        ByInstant.Decide(resumed, new ResolveDossier(At(resolvedAt)), Later).ShouldAcceptOne<DossierResolved>().Timeliness.ShouldBe(expected);
    }

    [Fact]
    public void A_pause_at_lunch_resumed_after_closing_counts_only_office_time()
    {
        // Paused Tuesday 11/3 12:00 (lunch): 3.5 h Tuesday afternoon + 8 h Wednesday + 1 h Thursday = 12.5 h.
        // Resumed Friday 14/3 18:00: the clock starts Monday 17/3 07:00; 8 h Monday + 4.5 h Tuesday morning
        // runs out exactly at the morning close, Tuesday 18/3 11:30.
        var open = Open();
        var paused = open.Then(ByDate.Decide(open, new RequestSupplement(At("2025-03-11T12:00"), "Tờ khai"), Later));

        paused.RemainingAtPause.ShouldBe(Duration.FromMinutes(12 * 60 + 30));
        ByDate.Decide(paused, new ReceiveSupplement(At("2025-03-14T18:00")), Later).ShouldAcceptOne<SupplementReceived>()
            .NewDueAt.ShouldBe(At("2025-03-18T11:30"));
    }

    [Fact]
    public void A_dossier_paused_when_already_overdue_keeps_its_due_and_stays_overdue()
    {
        var open = Open();
        var paused = open.Then(ByDate.Decide(open, new RequestSupplement(At("2025-03-14T08:00"), "Bản sao CCCD"), Later));

        paused.RemainingAtPause.ShouldBeNull();
        paused.IsPaused.ShouldBeTrue();
        paused.DueAt.ShouldBe(DueAt);

        var received = ByDate.Decide(paused, new ReceiveSupplement(At("2025-03-17T10:00")), Later).ShouldAcceptOne<SupplementReceived>();
        received.NewDueAt.ShouldBe(DueAt);

        var resumed = paused.Evolve(received);
        resumed.DueAt.ShouldBe(DueAt);
        ByDate.Decide(resumed, new ResolveDossier(At("2025-03-17T11:00")), Later).ShouldAcceptOne<DossierResolved>().Timeliness.ShouldBe(Timeliness.Overdue);
        ByInstant.Decide(resumed, new ResolveDossier(At("2025-03-17T11:00")), Later).ShouldAcceptOne<DossierResolved>().Timeliness.ShouldBe(Timeliness.Overdue);
    }

    [Fact]
    public void A_second_supplement_request_after_resumption_counts_and_pauses_again()
    {
        // Due 19/3 10:00 after the first pause. Requested again Tuesday 18/3 10:00: 1.5 h + 3.5 h Tuesday
        // + 3 h Wednesday = 8 h left. Received Friday 21/3 08:00: 7 h Friday + 1 h Monday → Monday 24/3 08:00.
        var resumed = Resumed();

        var again = resumed.Then(ByDate.Decide(resumed, new RequestSupplement(At("2025-03-18T10:00"), "Bản chính giấy khai sinh"), Later));

        again.SupplementRequests.ShouldBe(2);
        again.Status.ShouldBe(DossierStatus.AwaitingSupplement);
        again.RemainingAtPause.ShouldBe(Duration.FromHours(8));

        var done = again.Then(ByDate.Decide(again, new ReceiveSupplement(At("2025-03-21T08:00")), Later));
        done.DueAt.ShouldBe(At("2025-03-24T08:00"));
        done.OriginalDueAt.ShouldBe(DueAt);
        done.SupplementRequests.ShouldBe(2);
    }

    [Fact]
    public void A_paused_dossier_takes_no_processing_step()
    {
        var paused = AwaitingSupplement();
        var at = At("2025-03-12T09:00");

        ByDate.Decide(paused, new ResolveDossier(at), Later).ShouldReject(DossierRules.DossierPaused);
        ByDate.Decide(paused, new AssignDossier(at, "Thẩm định", null), Later).ShouldReject(DossierRules.DossierPaused);
        ByDate.Decide(paused, new RequestSupplement(at, "thêm"), Later).ShouldReject(DossierRules.DossierPaused);
        ByDate.Decide(paused, new RequestPayment(at, 50_000m, PausesClock: false), Later).ShouldReject(DossierRules.DossierPaused);
        ByDate.Decide(paused, new TransferDossier(at, OtherAgency), Later).ShouldReject(DossierRules.DossierPaused);
        ByDate.Decide(paused, new ReceivePayment(at, 50_000m, PaymentMethod.Cash), Later).ShouldReject(DossierRules.NotAwaitingPayment);
    }

    [Fact]
    public void A_supplement_is_received_only_when_one_was_requested()
    {
        var open = Open();
        var resumed = Resumed();

        ByDate.Decide(open, new ReceiveSupplement(At("2025-03-11T09:00")), Later).ShouldReject(DossierRules.NotAwaitingSupplement);
        ByDate.Decide(resumed, new ReceiveSupplement(At("2025-03-18T09:00")), Later).ShouldReject(DossierRules.NotAwaitingSupplement);
    }

    [Fact]
    public void Withdrawal_and_stop_end_a_paused_dossier()
    {
        var paused = AwaitingSupplement();
        var at = At("2025-03-14T09:00");

        var withdrawn = paused.Then(ByDate.Decide(paused, new WithdrawDossier(at, "Công dân xin rút"), Later));
        var stopped = paused.Then(ByDate.Decide(paused, new StopDossier(at, "Không bổ sung hồ sơ"), Later));

        withdrawn.Status.ShouldBe(DossierStatus.Withdrawn);
        withdrawn.ClosedAt.ShouldBe(at);
        withdrawn.ClosingReason.ShouldBe("Công dân xin rút");
        stopped.Status.ShouldBe(DossierStatus.Stopped);
        stopped.ClosedAt.ShouldBe(at);
        stopped.ClosingReason.ShouldBe("Không bổ sung hồ sơ");
        ByDate.Decide(withdrawn, new ReceiveSupplement(At("2025-03-17T10:00")), Later).ShouldReject(DossierRules.DossierClosed);
        ByDate.Decide(stopped, new ReceiveSupplement(At("2025-03-17T10:00")), Later).ShouldReject(DossierRules.DossierClosed);
    }

    // ---- Payment: pauses only where the procedure says so ------------------------------------

    [Fact]
    public void A_payment_request_that_does_not_pause_leaves_the_due_alone()
    {
        var open = Open();
        var requestedAt = At("2025-03-11T08:00");
        var paidAt = At("2025-03-12T09:00");

        var requested = ByDate.Decide(open, new RequestPayment(requestedAt, 50_000m, PausesClock: false), Later).ShouldAcceptOne<PaymentRequested>();
        requested.ShouldBe(new PaymentRequested(DossierId, requestedAt, 50_000m, false, null));
        var awaiting = open.Evolve(requested);
        awaiting.ShouldSatisfyAllConditions(
            () => awaiting.Status.ShouldBe(DossierStatus.AwaitingPayment),
            () => awaiting.IsPaused.ShouldBeFalse(),
            () => awaiting.RemainingAtPause.ShouldBeNull(),
            () => awaiting.FeeRequested.ShouldBe(50_000m),
            () => awaiting.DueAt.ShouldBe(DueAt));

        var paid = ByDate.Decide(awaiting, new ReceivePayment(paidAt, 50_000m, PaymentMethod.Cash), Later).ShouldAcceptOne<PaymentReceived>();
        paid.ShouldBe(new PaymentReceived(DossierId, paidAt, 50_000m, PaymentMethod.Cash, null));
        paid.NewDueAt.ShouldBeNull();
        var after = awaiting.Evolve(paid);
        after.ShouldSatisfyAllConditions(
            () => after.Status.ShouldBe(DossierStatus.InProcess),
            () => after.DueAt.ShouldBe(DueAt),
            () => after.PaidAt.ShouldBe(paidAt),
            () => after.PaymentMethod.ShouldBe(PaymentMethod.Cash));
        ByDate.Decide(after, new ResolveDossier(At("2025-03-13T16:00")), Later).ShouldAcceptOne<DossierResolved>().Timeliness.ShouldBe(Timeliness.OnTime);
    }

    [Fact]
    public void A_payment_request_that_pauses_moves_the_due_like_a_supplement()
    {
        var open = Open();
        var requestedAt = At("2025-03-11T08:00");
        var paidAt = At("2025-03-17T10:00");

        var requested = ByDate.Decide(open, new RequestPayment(requestedAt, 50_000m, PausesClock: true), Later).ShouldAcceptOne<PaymentRequested>();
        requested.ShouldBe(new PaymentRequested(DossierId, requestedAt, 50_000m, true, SixteenHours));
        var awaiting = open.Evolve(requested);
        awaiting.Status.ShouldBe(DossierStatus.AwaitingPayment);
        awaiting.IsPaused.ShouldBeTrue();
        awaiting.PausedAt.ShouldBe(requestedAt);
        awaiting.RemainingAtPause.ShouldBe(SixteenHours);
        ByDate.Decide(awaiting, new ResolveDossier(At("2025-03-12T09:00")), Later).ShouldReject(DossierRules.DossierPaused);
        ByDate.Decide(awaiting, new ReceiveSupplement(At("2025-03-12T09:00")), Later).ShouldReject(DossierRules.NotAwaitingSupplement);

        var paid = ByDate.Decide(awaiting, new ReceivePayment(paidAt, 50_000m, PaymentMethod.NationalPortal), Later).ShouldAcceptOne<PaymentReceived>();
        paid.ShouldBe(new PaymentReceived(DossierId, paidAt, 50_000m, PaymentMethod.NationalPortal, At("2025-03-19T10:00")));
        var after = awaiting.Evolve(paid);
        after.ShouldSatisfyAllConditions(
            () => after.Status.ShouldBe(DossierStatus.InProcess),
            () => after.DueAt.ShouldBe(At("2025-03-19T10:00")),
            () => after.OriginalDueAt.ShouldBe(DueAt),
            () => after.IsPaused.ShouldBeFalse(),
            () => after.SupplementRequests.ShouldBe(0),
            () => after.PaidAt.ShouldBe(paidAt));
    }

    [Fact]
    public void A_pausing_payment_requested_when_overdue_keeps_the_due()
    {
        var open = Open();
        var awaiting = open.Then(ByDate.Decide(open, new RequestPayment(At("2025-03-14T08:00"), 50_000m, PausesClock: true), Later));

        awaiting.RemainingAtPause.ShouldBeNull();
        ByDate.Decide(awaiting, new ReceivePayment(At("2025-03-17T10:00"), 50_000m, PaymentMethod.Cash), Later)
            .ShouldAcceptOne<PaymentReceived>().NewDueAt.ShouldBe(DueAt);
    }

    [Fact]
    public void A_payment_is_received_only_when_one_was_requested() =>
        ByDate.Decide(Open(), new ReceivePayment(At("2025-03-11T09:00"), 50_000m, PaymentMethod.Cash), Later)
            .ShouldReject(DossierRules.NotAwaitingPayment);

    // ---- Apology with a new appointment -------------------------------------------------------

    [Fact]
    public void An_apology_before_the_due_records_the_appointment_and_leaves_the_due()
    {
        var open = Open();
        var at = At("2025-03-12T10:00");
        var appointment = At("2025-03-17T17:00");

        var apology = ByDate.Apologize(open, at, appointment, "Cần xác minh thêm", Later).ShouldSendApology();
        var apologized = open.Evolve(apology);

        apology.ShouldBe(new ApologyIssued(DossierId, at, appointment, "Cần xác minh thêm"));
        apologized.ApologyAppointmentAt.ShouldBe(appointment);
        apologized.DueAt.ShouldBe(DueAt);
        apologized.OriginalDueAt.ShouldBe(DueAt);
        apologized.Status.ShouldBe(DossierStatus.Received);
    }

    [Theory]
    [InlineData("2025-03-13T16:00", Timeliness.OnTime)] // on the due date
    [InlineData("2025-03-14T10:00", Timeliness.Overdue)] // before the appointment, after the due date
    [InlineData("2025-03-17T16:00", Timeliness.Overdue)] // on the appointment date itself
    public void Timeliness_after_an_apology_is_still_judged_on_the_due(string resolvedAt, Timeliness expected)
    {
        var open = Open();
        var apologized = open.Then(ByDate.Apologize(open, At("2025-03-12T10:00"), At("2025-03-17T17:00"), "quá tải", Later));

        ByDate.Decide(apologized, new ResolveDossier(At(resolvedAt)), Later).ShouldAcceptOne<DossierResolved>().Timeliness.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2025-03-13T08:00")] // exactly at the due instant
    [InlineData("2025-03-13T10:00")]
    [InlineData("2025-03-14T09:00")]
    public void An_apology_at_or_after_the_due_is_rejected(string at) =>
        ByDate.Apologize(Open(), At(at), At("2025-03-20T17:00"), "quá tải", Later).ShouldReject(DossierRules.ApologyAfterDue);

    [Fact]
    public void An_apology_just_before_the_due_is_accepted() =>
        ByDate.Apologize(Open(), At("2025-03-13T07:59"), At("2025-03-20T17:00"), "quá tải", Later).ShouldSendApology();

    [Fact]
    public void An_apology_is_issued_at_most_once()
    {
        var open = Open();
        var apologized = open.Then(ByDate.Apologize(open, At("2025-03-11T10:00"), At("2025-03-17T17:00"), "quá tải", Later));

        ByDate.Apologize(apologized, At("2025-03-12T10:00"), At("2025-03-19T17:00"), "lần hai", Later)
            .ShouldReject(DossierRules.ApologyAlreadyIssued);
    }

    [Theory]
    [InlineData("2025-03-13T08:00")] // the due instant itself
    [InlineData("2025-03-12T17:00")] // before the due
    [InlineData("2025-03-11T09:00")] // before the apology itself
    public void The_new_appointment_must_be_after_the_due(string appointment) =>
        ByDate.Apologize(Open(), At("2025-03-11T10:00"), At(appointment), "quá tải", Later).ShouldReject(DossierRules.AppointmentNotLater);

    [Fact]
    public void An_appointment_a_minute_after_the_due_is_accepted() =>
        ByDate.Apologize(Open(), At("2025-03-11T10:00"), At("2025-03-13T08:01"), "quá tải", Later)
            .ShouldSendApology().NewAppointmentAt.ShouldBe(At("2025-03-13T08:01"));

    [Fact]
    public void After_a_resumption_the_apology_deadline_is_the_moved_due()
    {
        // Due moved from 13/3 08:00 to 19/3 10:00: an apology on 18/3 is before the due, one on 19/3 10:00 is not.
        var resumed = Resumed();

        ByDate.Apologize(resumed, At("2025-03-18T09:00"), At("2025-03-21T17:00"), "quá tải", Later).ShouldSendApology();
        ByDate.Apologize(resumed, At("2025-03-19T10:00"), At("2025-03-21T17:00"), "quá tải", Later).ShouldReject(DossierRules.ApologyAfterDue);
        ByDate.Apologize(resumed, At("2025-03-18T09:00"), At("2025-03-19T10:00"), "quá tải", Later).ShouldReject(DossierRules.AppointmentNotLater);
    }

    // ---- Transfer to another agency (liên thông) ----------------------------------------------

    [Fact]
    public void A_transferred_dossier_is_resolved_only_after_its_return()
    {
        var open = Open();
        var transferredAt = At("2025-03-11T09:00");
        var returnedAt = At("2025-03-12T09:00");

        var transfer = ByDate.Decide(open, new TransferDossier(transferredAt, OtherAgency), Later).ShouldAcceptOne<DossierTransferred>();
        transfer.ShouldBe(new DossierTransferred(DossierId, transferredAt, OtherAgency));
        var away = open.Evolve(transfer);
        away.Status.ShouldBe(DossierStatus.InProcess);
        away.TransferredTo.ShouldBe(OtherAgency);
        away.DueAt.ShouldBe(DueAt);

        ByDate.Decide(away, new ResolveDossier(At("2025-03-11T15:00")), Later).ShouldReject(DossierRules.TransferPending);
        ByDate.Decide(away, new TransferDossier(At("2025-03-11T15:00"), "SỞ-TƯ-PHÁP"), Later).ShouldReject(DossierRules.TransferPending);

        var back = ByDate.Decide(away, new ReturnTransfer(returnedAt), Later).ShouldAcceptOne<TransferReturned>();
        back.ShouldBe(new TransferReturned(DossierId, returnedAt, OtherAgency));
        var returned = away.Evolve(back);
        returned.TransferredTo.ShouldBeNull();
        returned.Status.ShouldBe(DossierStatus.InProcess);
        ByDate.Decide(returned, new ReturnTransfer(At("2025-03-12T09:30")), Later).ShouldReject(DossierRules.NotTransferred);
        ByDate.Decide(returned, new ResolveDossier(At("2025-03-12T10:00")), Later).ShouldAcceptOne<DossierResolved>().Timeliness.ShouldBe(Timeliness.Early);
    }

    [Fact]
    public void A_return_without_a_transfer_is_rejected() =>
        ByDate.Decide(Open(), new ReturnTransfer(At("2025-03-11T09:00")), Later).ShouldReject(DossierRules.NotTransferred);

    // ---- Refusal at intake ----------------------------------------------------------------------

    [Fact]
    public void A_refusal_at_intake_starts_a_refused_closed_dossier()
    {
        const string reason = "Hồ sơ không thuộc thẩm quyền";
        var refusal = ByDate.Decide(null, new RefuseIntake(Request(ThreeWorkingDays, ReceivedAt), reason), ReceivedAt).ShouldAcceptOne<IntakeRefused>();

        refusal.ShouldBe(new IntakeRefused(DossierId, ReceiptNo, "UBND-XA-01", "1.001234", "CT", Channel.Direct, ReceivedAt, reason, "Nguyễn Văn A"));
        var refused = Dossier.Fold([refusal]);
        refused.ShouldSatisfyAllConditions(
            () => refused.Status.ShouldBe(DossierStatus.Refused),
            () => ((int)refused.Status).ShouldBe(3),
            () => refused.Status.IsClosed().ShouldBeTrue(),
            () => refused.ClosedAt.ShouldBe(ReceivedAt),
            () => refused.ClosingReason.ShouldBe(reason),
            () => refused.ResolvedAt.ShouldBeNull(),
            () => refused.Timeliness.ShouldBeNull(),
            () => refused.Version.ShouldBe(1),
            () => refused.LastEventAt.ShouldBe(ReceivedAt));
    }

    [Fact]
    public void A_refusal_in_the_future_is_rejected()
    {
        var now = At("2025-03-10T08:00");

        ByDate.Decide(null, new RefuseIntake(Request(ThreeWorkingDays, now + Duration.FromMinutes(3)), "từ chối"), now).ShouldReject(DossierRules.InstantInFuture);
    }

    [Fact]
    public void A_refused_dossier_cannot_be_refused_or_received_again()
    {
        var refused = Refused();

        Should.Throw<InvalidOperationException>(() => refused.Evolve(Received(ReceivedAt, DueAt)));
        Should.Throw<InvalidOperationException>(() => refused.Evolve(
            new IntakeRefused(DossierId, ReceiptNo, "UBND-XA-01", "1.001234", "CT", Channel.Direct, ReceivedAt, "lại", null)));
    }

    [Theory]
    [InlineData("2025-03-11T09:00")] // after the refusal
    [InlineData("2025-03-10T08:00")] // at the refusal
    [InlineData("2025-03-10T07:00")] // before it
    public void A_refused_dossier_takes_no_command(string at)
    {
        var refused = Refused();

        foreach (var (command, decision) in EveryCommand(ByDate, refused, At(at)))
        {
            if (command == "return result")
            {
                continue; // see Result_return_on_a_refused_dossier_is_rejected_as_refused
            }

            decision.Violation.ShouldNotBeNull(command).Rule.ShouldBe(DossierRules.DossierRefused, command);
            decision.Events.ShouldBeEmpty(command);
        }
    }

    [Fact]
    public void Result_return_on_a_refused_dossier_is_rejected_as_refused() =>
        ByDate.Decide(Refused(), new ReturnResult(At("2025-03-11T09:00"), ResultReturnMethod.Counter), Later).ShouldReject(DossierRules.DossierRefused);

    [Fact]
    public void Result_return_on_a_refused_dossier_is_rejected() =>
        ByDate.Decide(Refused(), new ReturnResult(At("2025-03-11T09:00"), ResultReturnMethod.Counter), Later).Violation.ShouldNotBeNull();

    // ---- Terminal dossiers ----------------------------------------------------------------------

    private static readonly string[] ProcessingCommands =
    [
        "resolve", "withdraw", "stop", "assign", "request supplement", "receive supplement", "request payment",
        "receive payment", "transfer", "return transfer", "hand over", "draft apology", "approve apology", "send apology",
    ];

    [Fact]
    public void A_resolved_dossier_takes_only_result_return_digitization_and_feedback()
    {
        var resolved = Resolved();
        var at = At("2025-03-14T09:00");

        foreach (var (command, decision) in EveryCommand(ByDate, resolved, at))
        {
            if (ProcessingCommands.Contains(command))
            {
                decision.Violation.ShouldNotBeNull(command).Rule.ShouldBe(DossierRules.DossierClosed, command);
            }
            else
            {
                decision.Violation.ShouldBeNull(command);
                decision.Events.ShouldHaveSingleItem(command);
            }
        }
    }

    [Fact]
    public void Withdrawn_and_stopped_dossiers_take_only_digitization_and_feedback()
    {
        var open = Open();
        var withdrawn = open.Then(ByDate.Decide(open, new WithdrawDossier(At("2025-03-11T10:00"), "rút"), Later));
        var stopped = open.Then(ByDate.Decide(open, new StopDossier(At("2025-03-11T10:00"), "dừng"), Later));
        var at = At("2025-03-14T09:00");

        foreach (var closed in new[] { withdrawn, stopped })
        {
            foreach (var (command, decision) in EveryCommand(ByDate, closed, at))
            {
                var expected = command switch
                {
                    "digitize" or "give feedback" => null,
                    "return result" => DossierRules.ResultBeforeResolution,
                    _ => DossierRules.DossierClosed,
                };
                decision.Violation?.Rule.ShouldBe(expected, $"{closed.Status}: {command}");
                (decision.Violation is null).ShouldBe(expected is null, $"{closed.Status}: {command}");
            }
        }
    }

    [Fact]
    public void Digitization_and_feedback_after_resolution_are_recorded_without_reopening()
    {
        var resolved = Resolved();
        var digitizedAt = At("2025-03-12T10:30");
        var returnedAt = At("2025-03-12T14:00");
        var feedbackAt = At("2025-03-13T09:00");

        var digitization = ByDate.Decide(resolved, new DigitizeDossier(digitizedAt, 3, ReusedData: true, ElectronicResult: true), Later)
            .ShouldAcceptOne<DossierDigitized>();
        digitization.ShouldBe(new DossierDigitized(DossierId, digitizedAt, 3, true, true));
        var digitized = resolved.Evolve(digitization);
        digitized.ShouldSatisfyAllConditions(
            () => digitized.Status.ShouldBe(DossierStatus.Resolved),
            () => digitized.ClosedAt.ShouldBe(At("2025-03-12T10:00")),
            () => digitized.ComponentsDigitized.ShouldBe(3),
            () => digitized.ReusedData.ShouldBeTrue(),
            () => digitized.ElectronicResult.ShouldBeTrue());

        var returned = digitized.Then(ByDate.Decide(digitized, new ReturnResult(returnedAt, ResultReturnMethod.Electronic), Later));
        returned.Status.ShouldBe(DossierStatus.ResultReturned);

        var feedback = ByDate.Decide(returned, new GiveFeedback(feedbackAt, FeedbackRating.Dissatisfied, "Chờ lâu"), Later).ShouldAcceptOne<FeedbackGiven>();
        feedback.ShouldBe(new FeedbackGiven(DossierId, feedbackAt, FeedbackRating.Dissatisfied, "Chờ lâu"));
        var rated = returned.Evolve(feedback);
        rated.Feedback.ShouldBe(FeedbackRating.Dissatisfied);
        rated.Status.ShouldBe(DossierStatus.ResultReturned);
        rated.ClosedAt.ShouldBe(At("2025-03-12T10:00"));
        rated.Timeliness.ShouldBe(Timeliness.Early);
        ByDate.Decide(rated, new DigitizeDossier(At("2025-03-13T10:00"), 1, ReusedData: false, ElectronicResult: false), Later).ShouldAcceptOne<DossierDigitized>();
    }

    // ---- Order of events ------------------------------------------------------------------------

    [Fact]
    public void An_event_before_the_previous_one_is_rejected()
    {
        var open = Open();
        var assigned = open.Then(ByDate.Decide(open, new AssignDossier(At("2025-03-11T10:00"), "Thẩm định", "cán bộ B"), Later));
        assigned.LastEventAt.ShouldBe(At("2025-03-11T10:00"));

        foreach (var (command, decision) in EveryCommand(ByDate, assigned, At("2025-03-11T09:59")))
        {
            var expected = command == "return result" ? DossierRules.ResultBeforeResolution : DossierRules.BeforePreviousEvent;
            decision.Violation.ShouldNotBeNull(command).Rule.ShouldBe(expected, command);
        }
    }

    [Fact]
    public void An_event_at_the_previous_instant_is_accepted()
    {
        var open = Open();
        var at = At("2025-03-11T10:00");
        var assigned = open.Then(ByDate.Decide(open, new AssignDossier(at, "Thẩm định", "cán bộ B"), Later));

        ByDate.Decide(assigned, new ResolveDossier(at), Later).ShouldAcceptOne<DossierResolved>();
        ByDate.Decide(assigned, new RequestSupplement(at, "thêm"), Later).ShouldAcceptOne<SupplementRequested>();
    }

    [Fact]
    public void A_supplement_cannot_arrive_before_it_was_requested() =>
        ByDate.Decide(AwaitingSupplement(), new ReceiveSupplement(At("2025-03-11T07:59")), Later).ShouldReject(DossierRules.BeforePreviousEvent);

    [Fact]
    public void A_result_cannot_be_returned_before_a_later_recorded_event()
    {
        var resolved = Resolved();
        var digitized = resolved.Then(ByDate.Decide(resolved, new DigitizeDossier(At("2025-03-14T09:00"), 1, false, false), Later));

        ByDate.Decide(digitized, new ReturnResult(At("2025-03-13T09:00"), ResultReturnMethod.Counter), Later).ShouldReject(DossierRules.BeforePreviousEvent);
    }

    [Fact]
    public void Nothing_is_recorded_before_the_receipt()
    {
        foreach (var (command, decision) in EveryCommand(ByDate, Open(), At("2025-03-10T07:59")))
        {
            var expected = command == "return result" ? DossierRules.ResultBeforeResolution : DossierRules.BeforeReceipt;
            decision.Violation.ShouldNotBeNull(command).Rule.ShouldBe(expected, command);
        }
    }

    [Fact]
    public void No_command_is_recorded_in_the_future()
    {
        var open = Open();
        var now = At("2025-03-11T10:00");
        var future = now + Duration.FromMinutes(3);
        Decision[] decisions =
        [
            ByDate.Decide(open, new ResolveDossier(future), now),
            ByDate.Decide(open, new WithdrawDossier(future, null), now),
            ByDate.Decide(open, new StopDossier(future, "dừng"), now),
            ByDate.Decide(open, new AssignDossier(future, "Thẩm định", null), now),
            ByDate.Decide(open, new RequestSupplement(future, "thêm"), now),
            ByDate.Decide(AwaitingSupplement(), new ReceiveSupplement(future), now),
            ByDate.Decide(open, new RequestPayment(future, 1m, PausesClock: false), now),
            ByDate.Decide(open, new TransferDossier(future, OtherAgency), now),
            ByDate.Apologize(open, future, At("2025-03-20T17:00"), "quá tải", now),
            ByDate.Decide(open, new DigitizeDossier(future, 1, false, false), now),
            ByDate.Decide(open, new GiveFeedback(future, FeedbackRating.Complaint, null), now),
        ];

        foreach (var decision in decisions)
        {
            decision.ShouldReject(DossierRules.InstantInFuture);
        }
    }

    // ---- National status codes after each event -------------------------------------------------

    [Fact]
    public void Each_event_leaves_its_national_status_code()
    {
        var d = Open();
        var trail = new List<(string Step, int Code, long Version)> { ("received", (int)d.Status, d.Version) };

        void Step(string name, Func<Dossier, Decision> decide)
        {
            d = d.Then(decide(d));
            trail.Add((name, (int)d.Status, d.Version));
        }

        Step("assigned", x => ByDate.Decide(x, new AssignDossier(At("2025-03-10T09:00"), "Thẩm định", "cán bộ B"), Later));
        Step("supplement requested", x => ByDate.Decide(x, new RequestSupplement(At("2025-03-10T10:00"), "Bản sao CCCD"), Later));
        Step("supplement received", x => ByDate.Decide(x, new ReceiveSupplement(At("2025-03-11T08:00")), Later));
        Step("payment requested", x => ByDate.Decide(x, new RequestPayment(At("2025-03-11T09:00"), 50_000m, PausesClock: false), Later));
        Step("payment received", x => ByDate.Decide(x, new ReceivePayment(At("2025-03-11T10:00"), 50_000m, PaymentMethod.ProvincialGateway), Later));
        Step("transferred", x => ByDate.Decide(x, new TransferDossier(At("2025-03-11T13:30"), OtherAgency), Later));
        Step("transfer returned", x => ByDate.Decide(x, new ReturnTransfer(At("2025-03-12T08:00")), Later));
        Step("forwarded", x => ByDate.Decide(x, new AssignDossier(At("2025-03-12T09:00"), "Phê duyệt", "lãnh đạo"), Later));
        Step("apology", x => ByDate.Apologize(x, At("2025-03-12T09:30"), At("2025-03-14T17:00"), "chờ ký", Later));
        Step("resolved", x => ByDate.Decide(x, new ResolveDossier(At("2025-03-12T10:00")), Later));
        Step("digitized", x => ByDate.Decide(x, new DigitizeDossier(At("2025-03-12T10:30"), 2, true, true), Later));
        Step("result returned", x => ByDate.Decide(x, new ReturnResult(At("2025-03-12T14:00"), ResultReturnMethod.Counter), Later));
        Step("feedback", x => ByDate.Decide(x, new GiveFeedback(At("2025-03-12T15:00"), FeedbackRating.Satisfied, null), Later));

        trail.ShouldBe(
        [
            ("received", 2, 1),
            ("assigned", 4, 2),
            ("supplement requested", 5, 3),
            ("supplement received", 4, 4),
            ("payment requested", 6, 5),
            ("payment received", 4, 6),
            ("transferred", 4, 7),
            ("transfer returned", 4, 8),
            ("forwarded", 4, 9),
            ("apology", 4, 12), // drafted, approved, sent
            ("resolved", 9, 13),
            ("digitized", 9, 14),
            ("result returned", 10, 15),
            ("feedback", 10, 16),
        ]);
        d.LastEventAt.ShouldBe(At("2025-03-12T15:00"));
        d.CurrentStep.ShouldBe("Phê duyệt");
        d.Assignee.ShouldBe("lãnh đạo");
    }

    [Fact]
    public void Closing_statuses_have_their_national_codes()
    {
        var paused = AwaitingSupplement();

        ((int)paused.Then(ByDate.Decide(paused, new WithdrawDossier(At("2025-03-12T09:00"), null), Later)).Status).ShouldBe(7);
        ((int)paused.Then(ByDate.Decide(paused, new StopDossier(At("2025-03-12T09:00"), "dừng"), Later)).Status).ShouldBe(8);
        ((int)Refused().Status).ShouldBe(3);
        ((int)Open().Status).ShouldBe(2);
    }

    [Fact]
    public void A_replayed_stream_gives_the_same_state_as_the_decisions()
    {
        var events = new List<IDossierEvent>(Accepted(ByDate.Decide(null, Request(ThreeWorkingDays, ReceivedAt), ReceivedAt)));
        events.AddRange(Accepted(ByDate.Decide(Dossier.Fold(events), new RequestSupplement(At("2025-03-11T08:00"), "Bản sao CCCD"), Later)));
        events.AddRange(Accepted(ByDate.Decide(Dossier.Fold(events), new ReceiveSupplement(At("2025-03-17T10:00")), Later)));
        events.AddRange(Accepted(ByDate.Decide(Dossier.Fold(events), new ResolveDossier(At("2025-03-19T16:00")), Later)));

        var dossier = Dossier.Fold(events);

        dossier.ShouldBe(Resumed().Then(ByDate.Decide(Resumed(), new ResolveDossier(At("2025-03-19T16:00")), Later)));
        dossier.Version.ShouldBe(4);
        dossier.DueAt.ShouldBe(At("2025-03-19T10:00"));
        dossier.OriginalDueAt.ShouldBe(At("2025-03-13T08:00"));
        dossier.Timeliness.ShouldBe(Timeliness.OnTime);
    }
}

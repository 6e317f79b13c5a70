using DossierLedger.Domain.Calendar;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// The lifecycle rules as pure functions: given the current state and a request, the events to
/// append or the rule that forbids them. No I/O; "now" is passed in.
/// </summary>
public sealed class DossierDecider
{
    private readonly Func<string?, WorkingTimeCalendar> _calendarOf;
    private readonly TimelinessGranularity _granularity;

    public DossierDecider(WorkingTimeCalendar calendar, TimelinessGranularity granularity)
        : this(_ => calendar, granularity)
    {
    }

    /// <summary>
    /// A decider that asks, at each decision, for the calendar in force for a unit (office hours differ per unit,
    /// and years can be amended while it runs); a null unit asks for the default.
    /// </summary>
    public DossierDecider(Func<string?, WorkingTimeCalendar> calendarOf, TimelinessGranularity granularity)
    {
        _calendarOf = calendarOf;
        _granularity = granularity;
    }

    /// <summary>The calendar of <paramref name="unitCode"/>: the shared working days with the unit's office hours.</summary>
    public WorkingTimeCalendar CalendarOf(string unitCode) => _calendarOf(unitCode);

    /// <summary>Clients' clocks drift; an instant this far ahead of the server is still accepted.</summary>
    public static readonly Duration ClockSkewTolerance = Duration.FromMinutes(2);

    /// <summary>The default calendar (default office hours).</summary>
    public WorkingTimeCalendar Calendar => _calendarOf(null);

    /// <summary>
    /// The one entry point: the events <paramref name="command"/> appends to <paramref name="state"/> (null before a
    /// receipt or refusal, which start a stream), or the rule that forbids them.
    /// </summary>
    public Decision Decide(Dossier? state, DossierCommand command, Instant now) => (state, command) switch
    {
        (null, ReceiveDossier c) => Receive(c, now),
        (null, RefuseIntake c) => Refuse(c, now),
        (null, _) => throw new ArgumentException($"A {command.GetType().Name} needs a received dossier.", nameof(state)),
        (_, ReceiveDossier or RefuseIntake) => throw new ArgumentException("A receipt or refusal starts a new dossier.", nameof(state)),
        ({ } dossier, ResolveDossier c) => Resolve(dossier, c, now),
        ({ } dossier, WithdrawDossier c) => Withdraw(dossier, c, now),
        ({ } dossier, StopDossier c) => Stop(dossier, c, now),
        ({ } dossier, ReturnResult c) => Return(dossier, c, now),
        ({ } dossier, AssignDossier c) => Assign(dossier, c, now),
        ({ } dossier, RequestSupplement c) => Request(dossier, c, now),
        ({ } dossier, ReceiveSupplement c) => Receive(dossier, c, now),
        ({ } dossier, RequestPayment c) => Request(dossier, c, now),
        ({ } dossier, ReceivePayment c) => Receive(dossier, c, now),
        ({ } dossier, TransferDossier c) => Transfer(dossier, c, now),
        ({ } dossier, ReturnTransfer c) => Return(dossier, c, now),
        ({ } dossier, IssueApology c) => Apologize(dossier, c, now),
        ({ } dossier, DigitizeDossier c) => Digitize(dossier, c, now),
        ({ } dossier, GiveFeedback c) => Record(dossier, c, now),
        ({ } dossier, CorrectChannel c) => Correct(dossier, c, now),
        ({ } dossier, CorrectResolution c) => Correct(dossier, c, now),
        ({ } dossier, VoidDossier c) => Void(dossier, c, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a dossier command the decider knows."),
    };

    private Decision Receive(ReceiveDossier request, Instant now) =>
        InFuture(request.ReceivedAt, now) ?? Decision.Accept(new DossierReceived(
            request.DossierId, request.ReceiptNo, request.UnitCode, request.Procedure.Code,
            request.Procedure.FieldCode, request.Channel, request.ReceivedAt,
            CalendarOf(request.UnitCode).DueAt(request.ReceivedAt, request.Procedure.TimeLimit), request.ApplicantName));

    /// <summary>Từ chối tiếp nhận: the refusal is recorded, the dossier is never received.</summary>
    private static Decision Refuse(RefuseIntake refusal, Instant now)
    {
        var request = refusal.Dossier;
        return InFuture(request.ReceivedAt, now) ?? Decision.Accept(new IntakeRefused(
            request.DossierId, request.ReceiptNo, request.UnitCode, request.Procedure.Code,
            request.Procedure.FieldCode, request.Channel, request.ReceivedAt, refusal.Reason, request.ApplicantName));
    }

    private Decision Resolve(Dossier dossier, ResolveDossier command, Instant now) =>
        CheckProcessing(dossier, command.At, now)
        ?? (dossier.TransferredTo is { } agency
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is still with {agency}: record its return first.")
            : null)
        ?? Decision.Accept(new DossierResolved(dossier.Id, command.At, TimelinessJudge.Judge(command.At, dossier.DueAt, CalendarOf(dossier.UnitCode).Zone, _granularity)));

    /// <summary>Withdrawal and stop may also end a paused dossier (an applicant who never supplies the documents).</summary>
    private static Decision Withdraw(Dossier dossier, WithdrawDossier command, Instant now) =>
        CheckOpen(dossier, command.At, now) ?? Decision.Accept(new DossierWithdrawn(dossier.Id, command.At, command.Reason));

    private static Decision Stop(Dossier dossier, StopDossier command, Instant now) =>
        CheckOpen(dossier, command.At, now) ?? Decision.Accept(new DossierStopped(dossier.Id, command.At, command.Reason));

    private static Decision Assign(Dossier dossier, AssignDossier command, Instant now) =>
        CheckProcessing(dossier, command.At, now) ?? Decision.Accept(new DossierAssigned(dossier.Id, command.At, command.Step, command.Assignee));

    /// <summary>Pauses the clock, remembering the working time that was left (none when already overdue).</summary>
    private Decision Request(Dossier dossier, RequestSupplement command, Instant now) =>
        CheckProcessing(dossier, command.At, now)
        ?? Decision.Accept(new SupplementRequested(dossier.Id, command.At, command.Items, RemainingAt(dossier, command.At)));

    private Decision Receive(Dossier dossier, ReceiveSupplement command, Instant now) =>
        CheckOpen(dossier, command.At, now)
        ?? (dossier.Status != DossierStatus.AwaitingSupplement
            ? Decision.Reject(DossierRules.NotAwaitingSupplement, $"Dossier {dossier.ReceiptNo} is not waiting for a supplement.")
            : Decision.Accept(new SupplementReceived(dossier.Id, command.At, ResumedDue(dossier, command.At))));

    private Decision Request(Dossier dossier, RequestPayment command, Instant now) =>
        CheckProcessing(dossier, command.At, now)
        ?? Decision.Accept(new PaymentRequested(dossier.Id, command.At, command.Amount, command.PausesClock,
            command.PausesClock ? RemainingAt(dossier, command.At) : null));

    private Decision Receive(Dossier dossier, ReceivePayment command, Instant now) =>
        CheckOpen(dossier, command.At, now)
        ?? (dossier.Status != DossierStatus.AwaitingPayment
            ? Decision.Reject(DossierRules.NotAwaitingPayment, $"Dossier {dossier.ReceiptNo} has no fee waiting to be paid.")
            : Decision.Accept(new PaymentReceived(dossier.Id, command.At, command.Amount, command.Method,
                dossier.IsPaused ? ResumedDue(dossier, command.At) : null)));

    private static Decision Transfer(Dossier dossier, TransferDossier command, Instant now) =>
        CheckProcessing(dossier, command.At, now)
        ?? (dossier.TransferredTo is { } current
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is already with {current}.")
            : Decision.Accept(new DossierTransferred(dossier.Id, command.At, command.Agency)));

    private static Decision Return(Dossier dossier, ReturnTransfer command, Instant now) =>
        CheckOpen(dossier, command.At, now)
        ?? (dossier.TransferredTo is not { } agency
            ? Decision.Reject(DossierRules.NotTransferred, $"Dossier {dossier.ReceiptNo} was not sent to another agency.")
            : Decision.Accept(new TransferReturned(dossier.Id, command.At, agency)));

    /// <summary>Only before the due instant, at most once, and with a later appointment; the due date itself stays.</summary>
    private static Decision Apologize(Dossier dossier, IssueApology command, Instant now)
    {
        var at = command.At;
        // Not while paused: the due it is measured against moves when the clock resumes.
        if (CheckProcessing(dossier, at, now) is { } rejected)
        {
            return rejected;
        }

        if (dossier.ApologyAppointmentAt is { } earlier)
        {
            return Decision.Reject(DossierRules.ApologyAlreadyIssued, $"An apology with a new appointment ({earlier}) was already issued.");
        }

        if (at >= dossier.DueAt)
        {
            return Decision.Reject(DossierRules.ApologyAfterDue, $"An apology must come before the due instant {dossier.DueAt}.");
        }

        return command.NewAppointmentAt <= dossier.DueAt
            ? Decision.Reject(DossierRules.AppointmentNotLater, $"The new appointment must be after the due instant {dossier.DueAt}.")
            : Decision.Accept(new ApologyIssued(dossier.Id, at, command.NewAppointmentAt, command.Reason));
    }

    /// <summary>Digitization may be recorded at any time after receipt, closed dossiers included.</summary>
    private static Decision Digitize(Dossier dossier, DigitizeDossier command, Instant now) =>
        CheckRecordable(dossier, command.At, now)
        ?? Decision.Accept(new DossierDigitized(dossier.Id, command.At, command.ComponentsDigitized, command.ReusedData, command.ElectronicResult));

    private static Decision Record(Dossier dossier, GiveFeedback command, Instant now) =>
        CheckRecordable(dossier, command.At, now) ?? Decision.Accept(new FeedbackGiven(dossier.Id, command.At, command.Rating, command.Comment));

    /// <summary>Status first, so a return before the resolution is named as such rather than as out of order.</summary>
    private static Decision Return(Dossier dossier, ReturnResult command, Instant now)
    {
        var at = command.At;
        return InFuture(at, now) ?? dossier.Status switch
        {
            DossierStatus.Refused => Decision.Reject(DossierRules.DossierRefused,
                $"Dossier {dossier.ReceiptNo} was refused at intake: nothing more happens to it."),
            DossierStatus.ResultReturned => Decision.Reject(DossierRules.ResultAlreadyReturned,
                $"The result of dossier {dossier.ReceiptNo} was already returned at {dossier.ResultReturnedAt}."),
            not DossierStatus.Resolved => Decision.Reject(DossierRules.ResultBeforeResolution,
                $"Dossier {dossier.ReceiptNo} is {dossier.Status.ToApiName()}: a result is returned only after resolution."),
            _ when at < dossier.ResolvedAt => Decision.Reject(DossierRules.ResultBeforeResolution,
                $"The result cannot be returned at {at}, before the resolution at {dossier.ResolvedAt}."),
            _ => CheckRecordable(dossier, at, now) ?? Decision.Accept(new ResultReturned(dossier.Id, at, command.Method)),
        };
    }

    /// <summary>Corrects the channel recorded at receipt; supersedes the receipt or an earlier channel correction.</summary>
    private static Decision Correct(Dossier dossier, CorrectChannel command, Instant now) =>
        CheckCorrection(dossier, command.Superseded, now, typeof(DossierReceived), typeof(ChannelCorrected))
        ?? Decision.Accept(new ChannelCorrected(dossier.Id, now, command.Superseded.Id, command.Channel, command.Reason));

    /// <summary>Corrects the resolution instant; timeliness is judged again against the due date.</summary>
    private Decision Correct(Dossier dossier, CorrectResolution command, Instant now)
    {
        var (superseded, resolvedAt) = (command.Superseded, command.ResolvedAt);
        if (CheckCorrection(dossier, superseded, now, typeof(DossierResolved), typeof(ResolutionCorrected)) is { } rejected)
        {
            return rejected;
        }

        if (InFuture(resolvedAt, now) is { } future)
        {
            return future;
        }

        if (resolvedAt < dossier.ReceivedAt)
        {
            return Decision.Reject(DossierRules.BeforeReceipt, $"{resolvedAt} is before the dossier's receipt at {dossier.ReceivedAt}.");
        }

        return dossier.ResultReturnedAt is { } returned && resolvedAt > returned
            ? Decision.Reject(DossierRules.ResolutionAfterResult, $"{resolvedAt} is after the result was returned at {returned}.")
            : Decision.Accept(new ResolutionCorrected(dossier.Id, now, superseded.Id, resolvedAt,
                TimelinessJudge.Judge(resolvedAt, dossier.DueAt, CalendarOf(dossier.UnitCode).Zone, _granularity), command.Reason));
    }

    /// <summary>Voids a dossier that should never have been recorded; supersedes its receipt.</summary>
    private static Decision Void(Dossier dossier, VoidDossier command, Instant now) =>
        CheckCorrection(dossier, command.Superseded, now, typeof(DossierReceived))
        ?? Decision.Accept(new DossierVoided(dossier.Id, now, command.Superseded.Id, command.Reason));

    private static Decision? CheckCorrection(Dossier dossier, SupersededEvent superseded, Instant now, params Type[] correctable)
    {
        if (dossier.Voided)
        {
            return Decision.Reject(DossierRules.DossierVoided, $"Dossier {dossier.ReceiptNo} was voided: nothing more happens to it.");
        }

        if (superseded.Event is null)
        {
            return Decision.Reject(DossierRules.SupersededEventNotFound, $"Event {superseded.Id} is not an event of dossier {dossier.ReceiptNo}.");
        }

        var type = superseded.Event.GetType();
        return correctable.Contains(type)
            ? InFuture(now, now)
            : Decision.Reject(DossierRules.WrongSupersededEvent,
                $"Event {superseded.Id} is a {type.Name}; this correction supersedes a {string.Join(" or ", correctable.Select(t => t.Name))}.");
    }

    /// <summary>Working time left before the due instant; null once it has passed (the dossier is overdue).</summary>
    private Duration? RemainingAt(Dossier dossier, Instant at) =>
        at > dossier.DueAt ? null : CalendarOf(dossier.UnitCode).WorkingTimeBetween(at, dossier.DueAt);

    /// <summary>
    /// The due instant after a pause: the remaining working time counted again from the resumption.
    /// A dossier paused when already overdue keeps its due instant: a pause never makes it timely again.
    /// </summary>
    private Instant ResumedDue(Dossier dossier, Instant at) =>
        dossier.RemainingAtPause is { } remaining ? CalendarOf(dossier.UnitCode).AddWorkingTime(at, remaining) : dossier.DueAt;

    /// <summary>Processing steps need an open dossier whose clock runs and which is not waiting for the applicant.</summary>
    private static Decision? CheckProcessing(Dossier dossier, Instant at, Instant now) =>
        CheckOpen(dossier, at, now)
        ?? (dossier.IsPaused
            ? Decision.Reject(DossierRules.DossierPaused,
                $"Dossier {dossier.ReceiptNo} is {dossier.Status.ToApiName()} with its clock paused: record the supplement or payment first.")
            : dossier.Status == DossierStatus.AwaitingPayment
                ? Decision.Reject(DossierRules.AwaitingPayment,
                    $"Dossier {dossier.ReceiptNo} is waiting for its fee (the clock runs): record the payment first.")
                : null);

    private static Decision? CheckOpen(Dossier dossier, Instant at, Instant now) =>
        CheckRecordable(dossier, at, now)
        ?? (dossier.Status.IsClosed()
            ? Decision.Reject(DossierRules.DossierClosed,
                $"Dossier {dossier.ReceiptNo} is already {dossier.Status.ToApiName()} (since {dossier.ClosedAt}).")
            : null);

    /// <summary>What every event needs: a plausible instant, in order, on a dossier that was received.</summary>
    private static Decision? CheckRecordable(Dossier dossier, Instant at, Instant now)
    {
        if (InFuture(at, now) is { } future)
        {
            return future;
        }

        if (dossier.Voided)
        {
            return Decision.Reject(DossierRules.DossierVoided, $"Dossier {dossier.ReceiptNo} was voided: nothing more happens to it.");
        }

        if (dossier.Status == DossierStatus.Refused)
        {
            return Decision.Reject(DossierRules.DossierRefused, $"Dossier {dossier.ReceiptNo} was refused at intake: nothing more happens to it.");
        }

        if (at < dossier.ReceivedAt)
        {
            return Decision.Reject(DossierRules.BeforeReceipt,
                $"{at} is before the dossier's receipt at {dossier.ReceivedAt}: nothing happens to a dossier before it is received.");
        }

        return at < dossier.LastEventAt
            ? Decision.Reject(DossierRules.BeforePreviousEvent,
                $"{at} is before the dossier's latest recorded event at {dossier.LastEventAt}; record events in the order they happened.")
            : null;
    }

    private static Decision? InFuture(Instant at, Instant now) =>
        at > now + ClockSkewTolerance
            ? Decision.Reject(DossierRules.InstantInFuture, $"{at} is in the future (now is {now}).")
            : null;
}

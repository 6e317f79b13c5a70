using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>A request to receive a dossier, after its input was validated and its procedure found.</summary>
public sealed record ReceiveDossier(
    Guid DossierId,
    string ReceiptNo,
    string UnitCode,
    Procedure Procedure,
    Channel Channel,
    Instant ReceivedAt,
    string? ApplicantName);

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

    public Decision Receive(ReceiveDossier request, Instant now) =>
        InFuture(request.ReceivedAt, now) ?? Decision.Accept(new DossierReceived(
            request.DossierId, request.ReceiptNo, request.UnitCode, request.Procedure.Code,
            request.Procedure.FieldCode, request.Channel, request.ReceivedAt,
            CalendarOf(request.UnitCode).DueAt(request.ReceivedAt, request.Procedure.TimeLimit), request.ApplicantName));

    /// <summary>Từ chối tiếp nhận: the refusal is recorded, the dossier is never received.</summary>
    public Decision RefuseIntake(ReceiveDossier request, string reason, Instant now) =>
        InFuture(request.ReceivedAt, now) ?? Decision.Accept(new IntakeRefused(
            request.DossierId, request.ReceiptNo, request.UnitCode, request.Procedure.Code,
            request.Procedure.FieldCode, request.Channel, request.ReceivedAt, reason, request.ApplicantName));

    public Decision Resolve(Dossier dossier, Instant at, Instant now) =>
        CheckProcessing(dossier, at, now)
        ?? (dossier.TransferredTo is { } agency
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is still with {agency}: record its return first.")
            : null)
        ?? Decision.Accept(new DossierResolved(dossier.Id, at, TimelinessJudge.Judge(at, dossier.DueAt, CalendarOf(dossier.UnitCode).Zone, _granularity)));

    /// <summary>Withdrawal and stop may also end a paused dossier (an applicant who never supplies the documents).</summary>
    public Decision Withdraw(Dossier dossier, Instant at, string? reason, Instant now) =>
        CheckOpen(dossier, at, now) ?? Decision.Accept(new DossierWithdrawn(dossier.Id, at, reason));

    public Decision Stop(Dossier dossier, Instant at, string reason, Instant now) =>
        CheckOpen(dossier, at, now) ?? Decision.Accept(new DossierStopped(dossier.Id, at, reason));

    public Decision Assign(Dossier dossier, Instant at, string step, string? assignee, Instant now) =>
        CheckProcessing(dossier, at, now) ?? Decision.Accept(new DossierAssigned(dossier.Id, at, step, assignee));

    /// <summary>Pauses the clock, remembering the working time that was left (none when already overdue).</summary>
    public Decision RequestSupplement(Dossier dossier, Instant at, string items, Instant now) =>
        CheckProcessing(dossier, at, now) ?? Decision.Accept(new SupplementRequested(dossier.Id, at, items, RemainingAt(dossier, at)));

    public Decision ReceiveSupplement(Dossier dossier, Instant at, Instant now) =>
        CheckOpen(dossier, at, now)
        ?? (dossier.Status != DossierStatus.AwaitingSupplement
            ? Decision.Reject(DossierRules.NotAwaitingSupplement, $"Dossier {dossier.ReceiptNo} is not waiting for a supplement.")
            : Decision.Accept(new SupplementReceived(dossier.Id, at, ResumedDue(dossier, at))));

    public Decision RequestPayment(Dossier dossier, Instant at, decimal amount, bool pausesClock, Instant now) =>
        CheckProcessing(dossier, at, now)
        ?? Decision.Accept(new PaymentRequested(dossier.Id, at, amount, pausesClock, pausesClock ? RemainingAt(dossier, at) : null));

    public Decision ReceivePayment(Dossier dossier, Instant at, decimal amount, PaymentMethod method, Instant now) =>
        CheckOpen(dossier, at, now)
        ?? (dossier.Status != DossierStatus.AwaitingPayment
            ? Decision.Reject(DossierRules.NotAwaitingPayment, $"Dossier {dossier.ReceiptNo} has no fee waiting to be paid.")
            : Decision.Accept(new PaymentReceived(dossier.Id, at, amount, method, dossier.IsPaused ? ResumedDue(dossier, at) : null)));

    public Decision Transfer(Dossier dossier, Instant at, string agency, Instant now) =>
        CheckProcessing(dossier, at, now)
        ?? (dossier.TransferredTo is { } current
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is already with {current}.")
            : Decision.Accept(new DossierTransferred(dossier.Id, at, agency)));

    public Decision ReturnTransfer(Dossier dossier, Instant at, Instant now) =>
        CheckOpen(dossier, at, now)
        ?? (dossier.TransferredTo is not { } agency
            ? Decision.Reject(DossierRules.NotTransferred, $"Dossier {dossier.ReceiptNo} was not sent to another agency.")
            : Decision.Accept(new TransferReturned(dossier.Id, at, agency)));

    /// <summary>Only before the due instant, at most once, and with a later appointment; the due date itself stays.</summary>
    public Decision Apologize(Dossier dossier, Instant at, Instant newAppointmentAt, string reason, Instant now)
    {
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

        return newAppointmentAt <= dossier.DueAt
            ? Decision.Reject(DossierRules.AppointmentNotLater, $"The new appointment must be after the due instant {dossier.DueAt}.")
            : Decision.Accept(new ApologyIssued(dossier.Id, at, newAppointmentAt, reason));
    }

    /// <summary>Digitization may be recorded at any time after receipt, closed dossiers included.</summary>
    public Decision Digitize(Dossier dossier, Instant at, int components, bool reusedData, bool electronicResult, Instant now) =>
        CheckRecordable(dossier, at, now) ?? Decision.Accept(new DossierDigitized(dossier.Id, at, components, reusedData, electronicResult));

    public Decision GiveFeedback(Dossier dossier, Instant at, FeedbackRating rating, string? comment, Instant now) =>
        CheckRecordable(dossier, at, now) ?? Decision.Accept(new FeedbackGiven(dossier.Id, at, rating, comment));

    /// <summary>Status first, so a return before the resolution is named as such rather than as out of order.</summary>
    public Decision ReturnResult(Dossier dossier, Instant at, ResultReturnMethod method, Instant now) =>
        InFuture(at, now) ?? dossier.Status switch
        {
            DossierStatus.Refused => Decision.Reject(DossierRules.DossierRefused,
                $"Dossier {dossier.ReceiptNo} was refused at intake: nothing more happens to it."),
            DossierStatus.ResultReturned => Decision.Reject(DossierRules.ResultAlreadyReturned,
                $"The result of dossier {dossier.ReceiptNo} was already returned at {dossier.ResultReturnedAt}."),
            not DossierStatus.Resolved => Decision.Reject(DossierRules.ResultBeforeResolution,
                $"Dossier {dossier.ReceiptNo} is {dossier.Status.ToApiName()}: a result is returned only after resolution."),
            _ when at < dossier.ResolvedAt => Decision.Reject(DossierRules.ResultBeforeResolution,
                $"The result cannot be returned at {at}, before the resolution at {dossier.ResolvedAt}."),
            _ => CheckRecordable(dossier, at, now) ?? Decision.Accept(new ResultReturned(dossier.Id, at, method)),
        };

    /// <summary>Corrects the channel recorded at receipt; supersedes the receipt or an earlier channel correction.</summary>
    public Decision CorrectChannel(Dossier dossier, SupersededEvent superseded, Channel channel, string reason, Instant now) =>
        CheckCorrection(dossier, superseded, now, typeof(DossierReceived), typeof(ChannelCorrected))
        ?? Decision.Accept(new ChannelCorrected(dossier.Id, now, superseded.Id, channel, reason));

    /// <summary>Corrects the resolution instant; timeliness is judged again against the due date.</summary>
    public Decision CorrectResolution(Dossier dossier, SupersededEvent superseded, Instant resolvedAt, string reason, Instant now)
    {
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
                TimelinessJudge.Judge(resolvedAt, dossier.DueAt, CalendarOf(dossier.UnitCode).Zone, _granularity), reason));
    }

    /// <summary>Voids a dossier that should never have been recorded; supersedes its receipt.</summary>
    public Decision Void(Dossier dossier, SupersededEvent superseded, string reason, Instant now) =>
        CheckCorrection(dossier, superseded, now, typeof(DossierReceived))
        ?? Decision.Accept(new DossierVoided(dossier.Id, now, superseded.Id, reason));

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

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
public sealed class DossierDecider(WorkingTimeCalendar calendar, TimelinessGranularity granularity)
{
    /// <summary>Clients' clocks drift; an instant this far ahead of the server is still accepted.</summary>
    public static readonly Duration ClockSkewTolerance = Duration.FromMinutes(2);

    public WorkingTimeCalendar Calendar => calendar;

    public Decision Receive(ReceiveDossier request, Instant now)
    {
        if (InFuture(request.ReceivedAt, now) is { } future)
        {
            return future;
        }

        var due = calendar.DueAt(request.ReceivedAt, request.Procedure.TimeLimit);
        return Decision.Accept(new DossierReceived(
            request.DossierId, request.ReceiptNo, request.UnitCode, request.Procedure.Code,
            request.Procedure.FieldCode, request.Channel, request.ReceivedAt, due, request.ApplicantName));
    }

    public Decision Resolve(Dossier dossier, Instant at, Instant now) =>
        CheckOpenLifecycleEvent(dossier, at, now) ?? Decision.Accept(new DossierResolved(
            dossier.Id, at, TimelinessJudge.Judge(at, dossier.DueAt, calendar.Zone, granularity)));

    public Decision Withdraw(Dossier dossier, Instant at, string? reason, Instant now) =>
        CheckOpenLifecycleEvent(dossier, at, now) ?? Decision.Accept(new DossierWithdrawn(dossier.Id, at, reason));

    public Decision Stop(Dossier dossier, Instant at, string reason, Instant now) =>
        CheckOpenLifecycleEvent(dossier, at, now) ?? Decision.Accept(new DossierStopped(dossier.Id, at, reason));

    public Decision ReturnResult(Dossier dossier, Instant at, ResultReturnMethod method, Instant now)
    {
        if (InFuture(at, now) is { } future)
        {
            return future;
        }

        return dossier.Status switch
        {
            DossierStatus.ResultReturned => Decision.Reject(DossierRules.ResultAlreadyReturned,
                $"The result of dossier {dossier.ReceiptNo} was already returned at {dossier.ResultReturnedAt}."),
            not DossierStatus.Resolved => Decision.Reject(DossierRules.ResultBeforeResolution,
                $"Dossier {dossier.ReceiptNo} is {dossier.Status.ToApiName()}: a result is returned only after resolution."),
            _ when at < dossier.ResolvedAt => Decision.Reject(DossierRules.ResultBeforeResolution,
                $"The result cannot be returned at {at}, before the resolution at {dossier.ResolvedAt}."),
            _ => Decision.Accept(new ResultReturned(dossier.Id, at, method)),
        };
    }

    /// <summary>Resolution, withdrawal and stop share their preconditions: an open dossier, a plausible instant.</summary>
    private static Decision? CheckOpenLifecycleEvent(Dossier dossier, Instant at, Instant now)
    {
        if (InFuture(at, now) is { } future)
        {
            return future;
        }

        if (dossier.Status.IsClosed())
        {
            return Decision.Reject(DossierRules.DossierClosed,
                $"Dossier {dossier.ReceiptNo} is already {dossier.Status.ToApiName()} (since {dossier.ClosedAt}).");
        }

        return at < dossier.ReceivedAt
            ? Decision.Reject(DossierRules.BeforeReceipt,
                $"{at} is before the dossier's receipt at {dossier.ReceivedAt}: nothing happens to a dossier before it is received.")
            : null;
    }

    private static Decision? InFuture(Instant at, Instant now) =>
        at > now + ClockSkewTolerance
            ? Decision.Reject(DossierRules.InstantInFuture, $"{at} is in the future (now is {now}).")
            : null;
}

using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// What someone asks of a dossier, with its values already read and checked for form: the HTTP endpoints, the import
/// and the demo build these and hand them to <see cref="DossierDecider.Decide"/>. Each command is a record of its own
/// under <c>Commands/</c> with its decision beside it: the rules it must pass (named in <see cref="DossierRules"/>) and
/// the event it decides (<see cref="IDecides{TEvent}"/>). The decider applies what every command of a kind shares first.
/// </summary>
public abstract record DossierCommand;

public static class DossierCommandTypes
{
    /// <summary>Every command type, found by reflection: what the import and the tests that every command is decided and posted read.</summary>
    public static IReadOnlyList<Type> All { get; } = typeof(DossierCommand).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(DossierCommand)))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The event types <paramref name="command"/> declares it decides (<see cref="IDecides{TEvent}"/>): one for each command.</summary>
    public static IEnumerable<Type> EventsOf(Type command) => command.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDecides<>))
        .Select(i => i.GetGenericArguments()[0]);
}

/// <summary>A receipt or a refusal at intake: it starts a dossier's stream, so nothing comes before it.</summary>
public abstract record DossierStart : DossierCommand
{
    internal abstract Decision Decide(Instant now, DossierDecider decider);
}

/// <summary>
/// Something that happened to a received dossier at <see cref="At"/> (business time, apart from the "now" it is recorded
/// at). The decider has checked <see cref="At"/> is not in the future before <see cref="Decide"/> runs.
/// </summary>
public abstract record DossierChange(Instant At) : DossierCommand
{
    internal abstract Decision Decide(Dossier dossier, Instant now, DossierDecider decider);

    /// <summary>What every change needs: an instant in order, on a dossier that was received.</summary>
    protected Decision? CheckRecordable(Dossier dossier)
    {
        if (dossier.Voided)
        {
            return Decision.Reject(DossierRules.DossierVoided, $"Dossier {dossier.ReceiptNo} was voided: nothing more happens to it.");
        }

        if (dossier.Status == DossierStatus.Refused)
        {
            return Decision.Reject(DossierRules.DossierRefused, $"Dossier {dossier.ReceiptNo} was refused at intake: nothing more happens to it.");
        }

        if (At < dossier.ReceivedAt)
        {
            return Decision.Reject(DossierRules.BeforeReceipt,
                $"{At} is before the dossier's receipt at {dossier.ReceivedAt}: nothing happens to a dossier before it is received.");
        }

        return At < dossier.LastEventAt
            ? Decision.Reject(DossierRules.BeforePreviousEvent,
                $"{At} is before the dossier's latest recorded event at {dossier.LastEventAt}; record events in the order they happened.")
            : null;
    }

    /// <summary>Recordable, and the dossier is not closed.</summary>
    protected Decision? CheckOpen(Dossier dossier) =>
        CheckRecordable(dossier)
        ?? (dossier.Status.IsClosed()
            ? Decision.Reject(DossierRules.DossierClosed,
                $"Dossier {dossier.ReceiptNo} is already {dossier.Status.ToApiName()} (since {dossier.ClosedAt}).")
            : null);

    /// <summary>A deadline the command sets must come after the command's own instant.</summary>
    protected Decision? CheckLater(Instant? deadline, string what) =>
        deadline is { } due && due <= At
            ? Decision.Reject(DossierRules.DeadlineNotLater, $"The {what} {due} must be after {At}.")
            : null;

    /// <summary>Processing steps need an open dossier whose clock runs and which is not waiting for the applicant.</summary>
    protected Decision? CheckProcessing(Dossier dossier) =>
        CheckOpen(dossier)
        ?? (dossier.IsPaused
            ? Decision.Reject(DossierRules.DossierPaused,
                $"Dossier {dossier.ReceiptNo} is {dossier.Status.ToApiName()} with its clock paused: record the supplement or payment first.")
            : dossier.Status == DossierStatus.AwaitingPayment
                ? Decision.Reject(DossierRules.AwaitingPayment,
                    $"Dossier {dossier.ReceiptNo} is waiting for its fee (the clock runs): record the payment first.")
                : null);
}

/// <summary>
/// A correction: it names the event of the dossier it supersedes and why, and happens when it is recorded ("now").
/// The decider has checked the dossier is not voided and the superseded event is one of its events of a type in
/// <see cref="Corrects"/> before <see cref="Decide"/> runs.
/// </summary>
public abstract record DossierCorrection(SupersededEvent Superseded, string Reason) : DossierCommand
{
    /// <summary>The event types this correction may supersede.</summary>
    internal abstract IReadOnlyList<Type> Corrects { get; }

    internal abstract Decision Decide(Dossier dossier, Instant now, DossierDecider decider);

    internal Decision? CheckSuperseded(Dossier dossier)
    {
        if (dossier.Voided)
        {
            return Decision.Reject(DossierRules.DossierVoided, $"Dossier {dossier.ReceiptNo} was voided: nothing more happens to it.");
        }

        if (Superseded.Event is null)
        {
            return Decision.Reject(DossierRules.SupersededEventNotFound, $"Event {Superseded.Id} is not an event of dossier {dossier.ReceiptNo}.");
        }

        var type = Superseded.Event.GetType();
        return Corrects.Contains(type)
            ? null
            : Decision.Reject(DossierRules.WrongSupersededEvent,
                $"Event {Superseded.Id} is a {type.Name}; this correction supersedes a {string.Join(" or ", Corrects.Select(t => t.Name))}.");
    }
}

/// <summary>
/// The event a command decides when it is accepted: every event type has a command deciding it (a test says so), and
/// the import finds the command a row of an event's step stands for through it.
/// </summary>
public interface IDecides<TEvent>
    where TEvent : IDossierEvent;

/// <summary>A command a later row of an imported history can stand for: <see cref="FromRow"/> builds it from the row's values.</summary>
public interface IFromHistoryRow
{
    static abstract DossierCommand FromRow(HistoryRow row);
}

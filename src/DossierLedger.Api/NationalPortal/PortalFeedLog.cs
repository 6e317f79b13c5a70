using Serilog.Events;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// An unreachable portal is logged once per failed call, as one warning line naming the reason (<see cref="PortalClient"/>);
/// Wolverine's own lines for the same attempt (the handler's failure with its stack trace, then its rescheduling, both as
/// errors) would say it twice more, at a level that pages someone, for what is an expected wait.
/// </summary>
public static class PortalFeedLog
{
    private const string WolverineFailure = "Failed to process message {Name}#{envelope} from {ReplyUri}";
    private const string WolverineRescheduled = "Envelope {envelope} was rescheduled to queue";

    /// <summary>Whether <paramref name="logEvent"/> is Wolverine's line of a delivery failed for want of the portal.</summary>
    public static bool IsWolverineRetry(LogEvent logEvent) => logEvent.MessageTemplate.Text switch
    {
        WolverineFailure => logEvent.Exception is PortalUnavailableException,
        WolverineRescheduled => logEvent.Properties.TryGetValue("envelope", out var envelope)
            && envelope.ToString().Contains(nameof(PortalFeedDue), StringComparison.Ordinal),
        _ => false,
    };
}

using NodaTime;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// How the feed to the portal fares on this node, for <c>GET /health</c>: failing while the settings cannot work or the
/// latest call failed, until a call succeeds. A failing feed is a detail of a healthy node: dossiers are recorded all the
/// same, and delivered once the portal answers.
/// </summary>
public sealed class PortalFeedHealth(NationalPortalSettings settings)
{
    private readonly Lock _gate = new();
    private string? _failure = settings.Problem;
    private Instant? _lastAnsweredAt;

    public void Answered(Instant at)
    {
        lock (_gate)
        {
            _failure = settings.Problem;
            _lastAnsweredAt = at;
        }
    }

    public void Failed(string reason)
    {
        lock (_gate)
        {
            _failure = settings.Problem ?? reason;
        }
    }

    /// <summary>The detail <c>/health</c> shows; null when the feed is off.</summary>
    public object? Detail()
    {
        if (!settings.Enabled)
        {
            return null;
        }

        lock (_gate)
        {
            return new { status = _failure is null ? "ok" : "failing", problem = _failure, lastAnsweredAt = _lastAnsweredAt };
        }
    }
}

/// <summary>
/// At start, with the feed on: warns once of settings that cannot work, else opens a session in the background so wrong
/// credentials or an unreachable portal are a warning at start rather than news at the first dossier. Never delays the start.
/// </summary>
public sealed class PortalStartupCheck(NationalPortalSettings settings, PortalClient client, PortalFeedHealth health, ILogger<PortalStartupCheck> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        if (settings.Problem is { } problem)
        {
            logger.LogWarning("The national-portal feed cannot work as configured: {Problem} Dossiers are recorded and wait to be delivered.", problem);
            return;
        }

        try
        {
            await client.OpenSessionAsync(stoppingToken);
        }
        catch (PortalUnavailableException e)
        {
            health.Failed(e.Message);
            logger.LogWarning("The national portal refused or did not answer the session call at start: {Reason} Dossiers are recorded and wait to be delivered.", e.Message);
        }
    }
}

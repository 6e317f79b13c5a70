namespace DossierLedger.Api.Projections;

/// <summary>Where the projections (dossier documents, report facts and counters) are kept up to date.</summary>
public enum ProjectionMode
{
    /// <summary>In the transaction that appends the events: a committed write is in every view and report at once. One node.</summary>
    Inline,

    /// <summary>
    /// In Marten's async daemon, after the commit: writes only append events, and the projections follow within moments.
    /// Wolverine spreads the projection shards over the running nodes (each on exactly one) and moves a dead node's
    /// shards to a live one.
    /// </summary>
    Async,
}

/// <summary>
/// The <c>Projections</c> configuration section: the mode, and in <see cref="ProjectionMode.Async"/> how fast the
/// nodes notice that one of them died (every node writes a heartbeat to PostgreSQL; a node silent for
/// <see cref="NodeTimeout"/> is considered dead and its shards are handed to the others).
/// </summary>
public sealed record ProjectionSettings(ProjectionMode Mode, TimeSpan Heartbeat, TimeSpan NodeTimeout)
{
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultNodeTimeout = TimeSpan.FromMinutes(1);

    public bool IsAsync => Mode == ProjectionMode.Async;

    /// <summary>Reads and checks the section; a value that does not parse stops the host with a message naming it.</summary>
    public static ProjectionSettings From(IConfiguration configuration)
    {
        var text = configuration["Projections:Mode"];
        var mode = ProjectionMode.Inline;
        if (!string.IsNullOrWhiteSpace(text)
            && (!Enum.TryParse(text.Trim(), ignoreCase: true, out mode) || !Enum.IsDefined(mode) || char.IsDigit(text.Trim()[0])))
        {
            throw new InvalidOperationException($"Projections:Mode must be Inline or Async, not '{text}'.");
        }

        var heartbeat = Duration(configuration, "Projections:Heartbeat", DefaultHeartbeat);
        var timeout = Duration(configuration, "Projections:NodeTimeout", DefaultNodeTimeout);
        if (timeout < heartbeat * 2)
        {
            throw new InvalidOperationException(
                $"Projections:NodeTimeout ({timeout}) must be at least twice Projections:Heartbeat ({heartbeat}): a node would be declared dead between two of its heartbeats.");
        }

        return new ProjectionSettings(mode, heartbeat, timeout);
    }

    private static TimeSpan Duration(IConfiguration configuration, string key, TimeSpan fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{key} must be a positive duration such as 00:00:10, not '{text}'.");
        }

        return value;
    }
}

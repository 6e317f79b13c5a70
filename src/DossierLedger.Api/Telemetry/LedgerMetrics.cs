using System.Diagnostics.Metrics;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Projections;
using Npgsql;
using Wolverine.Runtime;

namespace DossierLedger.Api.Telemetry;

/// <summary>
/// The ledger's own instruments, on the meter <see cref="MeterName"/>: the commands on dossiers by type and outcome, and
/// gauges of what trails the writes (the projections, the hash chain) and of the messages Wolverine gave up on. The
/// gauges are read when collected, from what the database keeps indexed, and a reading is reused for
/// <see cref="TelemetrySettings.GaugeRefresh"/>: a collection never scans the event log.
/// </summary>
public sealed class LedgerMetrics
{
    public const string MeterName = "DossierLedger";

    /// <summary>The tag naming a command (its type: <c>ReceiveDossier</c>, <c>ResolveDossier</c>, …).</summary>
    public const string CommandTag = "dossierledger.command";

    /// <summary>The tag naming what became of a command (<see cref="CommandOutcome"/>).</summary>
    public const string OutcomeTag = "dossierledger.outcome";

    /// <summary>The tag naming a projection shard (<c>Dossier:All</c>).</summary>
    public const string ShardTag = "dossierledger.projection.shard";

    private readonly Counter<long> _commands;
    private readonly ProjectionStatus _projections;
    private readonly ChainLinker _chain;
    private readonly IServiceProvider _services;
    private readonly TimeSpan _refresh;
    private readonly ILogger<LedgerMetrics> _logger;
    private readonly Lock _reading = new();
    private (DateTime At, Reading? Value)? _last;

    public LedgerMetrics(
        IMeterFactory meters, ProjectionStatus projections, ChainLinker chain, IServiceProvider services, TelemetrySettings settings,
        ILogger<LedgerMetrics> logger)
    {
        (_projections, _chain, _services, _refresh, _logger) = (projections, chain, services, settings.GaugeRefresh, logger);
        var meter = meters.Create(MeterName);
        _commands = meter.CreateCounter<long>("dossierledger.commands", "{command}",
            "Commands on dossiers answered, by command type and outcome.");
        meter.CreateObservableGauge("dossierledger.projection.lag",
            () => Read()?.Shards.Select(s => new Measurement<long>(s.Behind, new KeyValuePair<string, object?>(ShardTag, s.Shard))) ?? [],
            "{event}", "Events recorded that a projection shard has not applied yet (always 0 with inline projections).");
        meter.CreateObservableGauge("dossierledger.chain.lag",
            () => Read() is { } reading ? [new Measurement<long>(reading.Unlinked)] : Array.Empty<Measurement<long>>(),
            "{event}", "Events recorded and not yet linked into the hash chain.");
        meter.CreateObservableGauge("dossierledger.dead_letters",
            () => Read() is { } reading ? [new Measurement<long>(reading.DeadLetters)] : Array.Empty<Measurement<long>>(),
            "{message}", "Messages in Wolverine's dead-letter table, waiting to be replayed or discarded.");
    }

    /// <summary>Counts a command on a dossier as answered with <paramref name="outcome"/>.</summary>
    public void CommandAnswered(string command, CommandOutcome outcome) =>
        _commands.Add(1, new KeyValuePair<string, object?>(CommandTag, command), new KeyValuePair<string, object?>(OutcomeTag, outcome.Name()));

    /// <summary>What the gauges show.</summary>
    private sealed record Reading(IReadOnlyList<(string Shard, long Behind)> Shards, long Unlinked, long DeadLetters);

    /// <summary>
    /// The last reading (or failure to read) if it is recent enough, else a new one; none when the database cannot be
    /// read, so the gauges report nothing rather than a stale or made-up value. Collections run on the exporter's own
    /// thread: it waits for the reading.
    /// </summary>
    private Reading? Read()
    {
        lock (_reading)
        {
            if (_last is { } last && DateTime.UtcNow - last.At < _refresh)
            {
                return last.Value;
            }

            Reading? reading = null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                reading = ReadAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                _logger.LogWarning("The ledger's gauges could not be read: {Reason}", e.Message);
            }

            _last = (DateTime.UtcNow, reading);
            return reading;
        }
    }

    private async Task<Reading> ReadAsync(CancellationToken cancellation)
    {
        var shards = await _projections.BehindByShardAsync(cancellation);
        var unlinked = await _chain.UnlinkedAsync(cancellation);
        var counts = await _services.GetRequiredService<IWolverineRuntime>().Storage.Admin.FetchCountsAsync();
        return new Reading(shards, unlinked, counts.DeadLetter);
    }
}

using System.Diagnostics;
using DossierLedger.Domain.Dossiers;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>How a rebuild went.</summary>
public sealed record RebuildResult(long Events, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : Events;
}

/// <summary>
/// Rebuilds every projection (the dossier documents, the report facts and with them the counters) from the
/// event log with Marten's projection daemon, reporting progress (events/s, ETA) while it runs.
/// </summary>
public sealed class ProjectionRebuilder(IDocumentStore store, ILogger<ProjectionRebuilder> logger)
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(30);

    public async Task<RebuildResult> RebuildAsync(Action<string>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var total = await ScalarAsync("SELECT coalesce(max(seq_id), 0) FROM mt_events", cancellation);
        // Emptying the facts table at once empties the counters too (its truncate trigger); the daemon's own
        // teardown would delete row by row and let the trigger subtract each dossier.
        await ScalarAsync("TRUNCATE dl_dossier_facts", cancellation);

        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var name in new[] { "DossierFacts", nameof(Dossier) })
        {
            var rebuild = name == nameof(Dossier)
                ? daemon.RebuildProjectionAsync<Dossier>(ShardTimeout, cancellation)
                : daemon.RebuildProjectionAsync(name, ShardTimeout, cancellation);
            var started = watch.Elapsed;
            while (await Task.WhenAny(rebuild, Task.Delay(TimeSpan.FromSeconds(2), cancellation)) != rebuild)
            {
                var done = await ScalarAsync($"SELECT coalesce(max(last_seq_id), 0) FROM mt_event_progression WHERE name LIKE '{name}%'", cancellation);
                var rate = done / Math.Max(0.001, (watch.Elapsed - started).TotalSeconds);
                var eta = rate > 0 ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
                var line = $"{name}: {done:N0}/{total:N0} events, {rate:N0} events/s, ETA {eta:mm\\:ss}";
                progress?.Invoke(line);
                logger.LogInformation("Rebuild {Line}", line);
            }

            await rebuild;
            progress?.Invoke($"{name}: rebuilt");
        }

        var result = new RebuildResult(total, watch.Elapsed.TotalSeconds);
        logger.LogInformation("Rebuilt every projection from {Events} events in {Seconds:F1} s", result.Events, result.Seconds);
        return result;
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellation) is long value ? value : 0;
    }
}

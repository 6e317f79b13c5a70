using System.Diagnostics;
using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace DossierLedger.Api.Audit;

/// <summary>How a rebuild went.</summary>
public sealed record RebuildResult(long Events, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : Events;
}

/// <summary>
/// Rebuilds every projection (the dossier documents, the report facts and with them the counters) from the
/// event log with Marten's projection daemon, reporting progress (events/s, ETA) while it runs. In async mode the
/// shards' agents are paused on every node first (a Wolverine agent restriction, kept in PostgreSQL) and resumed
/// afterwards, so no node keeps projecting underneath the rebuild.
/// </summary>
public sealed class ProjectionRebuilder(IDocumentStore store, ProjectionSettings settings, IServiceProvider services, ILogger<ProjectionRebuilder> logger)
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    public async Task<RebuildResult> RebuildAsync(Action<string>? progress, CancellationToken cancellation)
    {
        var paused = settings.IsAsync ? await PauseAgentsAsync(progress, cancellation) : [];
        try
        {
            // A daemon of its own for the job. In async mode a node's running daemon serves only the agents the node
            // runs, none while they are paused; Marten then logs that a second daemon writes progress: expected here.
            using var daemon = await store.BuildProjectionDaemonAsync();
            return await RebuildAllAsync(daemon, progress, cancellation);
        }
        finally
        {
            if (paused.Count > 0)
            {
                await ResumeAgentsAsync(paused, progress);
            }
        }
    }

    private async Task<RebuildResult> RebuildAllAsync(IProjectionDaemon daemon, Action<string>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var total = await ScalarAsync("SELECT coalesce(max(seq_id), 0) FROM mt_events", cancellation);
        // Emptying the facts table at once empties the counters too (its truncate trigger); the daemon's own
        // teardown would delete row by row and let the trigger subtract each dossier.
        await ScalarAsync("TRUNCATE dl_dossier_facts", cancellation);

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

    /// <summary>
    /// Pauses the shards' agents wherever they run and waits until no node runs them. Outside a started host (the
    /// <c>rebuild</c> command) this process is no node of the cluster and cannot pause anything: it says so.
    /// </summary>
    private async Task<IReadOnlyList<Uri>> PauseAgentsAsync(Action<string>? progress, CancellationToken cancellation)
    {
        if (!services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested)
        {
            const string Warning = "Async projections: this process is not a node of the cluster and cannot pause the nodes' projection agents. "
                + "Stop every API node before rebuilding from the command line, or use POST /api/admin/projections/rebuild on a running node.";
            progress?.Invoke(Warning);
            logger.LogWarning(Warning);
            return [];
        }

        var runtime = services.GetRequiredService<IWolverineRuntime>();
        var family = services.GetRequiredService<IEventSubscriptionAgentFamily>();
        var agents = new List<Uri>();
        foreach (var shard in ProjectionStatus.ShardNames)
        {
            agents.Add(await family.FindAgentUriAsync(shard, null, cancellation)
                ?? throw new InvalidOperationException($"Wolverine knows no agent for the projection shard {shard}."));
        }

        var pause = new AgentRestrictions([]);
        agents.ForEach(pause.PauseAgent);
        await runtime.Agents.ApplyRestrictionsAsync(pause, cancellation);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(cancellation);
            if (!nodes.SelectMany(n => n.ActiveAgents).Concat(runtime.Agents.AllRunningAgentUris()).Any(agents.Contains))
            {
                break;
            }

            if (watch.Elapsed > StopTimeout)
            {
                await ResumeAgentsAsync(agents, progress);
                throw new TimeoutException($"The projection agents did not stop within {StopTimeout.TotalSeconds:F0} s; nothing was rebuilt.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellation);
        }

        progress?.Invoke($"Paused the projection agents on every node ({watch.Elapsed.TotalSeconds:F1} s).");
        logger.LogInformation("Paused the projection agents on every node for the rebuild");
        return agents;
    }

    /// <summary>Lifts the pause; the leader places the agents again and they continue from where the rebuild ended.</summary>
    private async Task ResumeAgentsAsync(IReadOnlyList<Uri> agents, Action<string>? progress)
    {
        var resume = new AgentRestrictions(agents.Select(uri => new AgentRestriction(Guid.NewGuid(), uri, AgentRestrictionType.None, 0)).ToArray());
        try
        {
            await services.GetRequiredService<IWolverineRuntime>().Agents.ApplyRestrictionsAsync(resume, CancellationToken.None);
        }
        catch (AgentRestrictionsNotConfirmedException e)
        {
            // The pause is lifted in the database all the same; the leader's next assignment round starts them.
            logger.LogWarning("The projection agents were resumed but not yet confirmed running: {Message}", e.Message);
        }

        progress?.Invoke("Resumed the projection agents.");
        logger.LogInformation("Resumed the projection agents after the rebuild");
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellation) is long value ? value : 0;
    }
}

using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using Npgsql;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace DossierLedger.Api.Projections;

/// <summary>How a rebuild went.</summary>
public sealed record RebuildResult(long Events, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : Events;
}

/// <summary>
/// Rebuilds every projection (the dossier documents, the report facts and the counters) from the event log in
/// one transaction, reporting progress (events/s, ETA) while it runs. The log is read once in stream order and
/// each dossier folded with the domain's own <see cref="Dossier.Evolve"/>, as the projection does; its document and
/// its facts (<see cref="DossierFacts.Of"/>) are bulk-copied, and what those facts count (<see cref="CounterChanges"/>)
/// is summed in memory and copied at the end. The counters are the projection's but for rows it left at zero where a
/// dossier's facts moved away from a day; a zero row counts nothing, and the rebuild writes none.
/// A rebuild that fails leaves the projections as they were; while it runs, their readers and writers wait.
/// </summary>
public sealed class ProjectionRebuilder(
    IDocumentStore store, DossierDecider decider, ProjectionSettings settings, IServiceProvider services, ILogger<ProjectionRebuilder> logger)
{
    private readonly MartenTables _tables = new(store);

    /// <summary>Dossiers per COPY round: a few megabytes in flight, two rounds queued at most.</summary>
    public const int DossiersPerBatch = 2_000;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Rebuilds; in async mode the shards' agents are paused on every node first (a Wolverine agent restriction, kept
    /// in PostgreSQL) and resumed afterwards, continuing from the rebuilt position.
    /// </summary>
    public async Task<RebuildResult> RebuildAsync(Action<string>? progress, CancellationToken cancellation)
    {
        var paused = settings.IsAsync ? await PauseAgentsAsync(progress, cancellation) : [];
        try
        {
            return await RebuildAllAsync(progress, cancellation);
        }
        finally
        {
            if (paused.Count > 0)
            {
                await ResumeAgentsAsync(paused, progress);
            }
        }
    }

    private async Task<RebuildResult> RebuildAllAsync(Action<string>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var documentTable = store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // Emptied first, so that no append commits in between: one that is under way waits for the rebuild and then
        // applies its events on top of it (the log is read after this point).
        await ExecuteAsync(connection, $"""
            TRUNCATE {documentTable}, {DossierFactsTable.Name}, {DossierFactsTable.Boundaries}, {CounterTables.Detailed}, {CounterTables.Units}, {CounterTables.Changes};
            """, cancellation);
        var total = await MartenTables.HighWaterMarkAsync(connection, transaction, cancellation);
        // Inline, the shard keeps no position (Marten's own rebuild leaves none behind either); async, the daemon goes
        // on from the last event folded here.
        await MartenTables.SetPositionAsync(connection, transaction, ProjectionStatus.Shards, settings.IsAsync ? total : null, cancellation);

        var counters = new CounterChanges();

        // Two threads of their own, each with synchronous I/O: one reads and folds, the other copies; on two cores the
        // asynchronous version spent more CPU in hand-offs and the driver's per-read cancellation set-up than in the work.
        using var batches = new BlockingCollection<Batch>(boundedCapacity: 2);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        await using var reading = await store.OpenConnectionAsync(cancellation);
        var folding = OnOwnThread(() => Fold(reading, batches, total, progress, watch, failed.Token), failed);
        var writing = OnOwnThread(() => Write(connection, batches, counters, failed.Token), failed);
        try
        {
            await Task.WhenAll(folding, writing);
        }
        catch
        {
            // The side that failed is the cause; the other was stopped by it.
            var causes = new[] { folding, writing }.Select(t => t.Exception?.InnerException).OfType<Exception>().ToList();
            ExceptionDispatchInfo.Throw(causes.FirstOrDefault(e => e is not OperationCanceledException) ?? causes[0]);
        }

        var (events, dossiers) = (await folding, await writing);
        Report(progress, $"Projections: {events:N0} events folded into {dossiers:N0} dossiers in {watch.Elapsed.TotalSeconds:F1} s; writing the counters");
        CounterTables.Copy(connection, counters);
        // Everything is derived again by this build's rules: the counters are of its report model now.
        await ReportModelStamp.RecordAsync(connection, cancellation);
        await transaction.CommitAsync(cancellation);
        Report(progress, "Projections: rebuilt");

        var result = new RebuildResult(events, watch.Elapsed.TotalSeconds);
        logger.LogInformation("Rebuilt every projection from {Events} events in {Seconds:F1} s", result.Events, result.Seconds);
        return result;
    }

    /// <summary>Reads the log in stream order and folds each dossier, handing on its document at its stream's version.</summary>
    private long Fold(
        NpgsqlConnection connection, BlockingCollection<Batch> batches, long total, Action<string>? progress, Stopwatch watch, CancellationToken cancellation)
    {
        var batch = new Batch();
        Guid? current = null;
        Dossier? state = null;
        long version = 0, events = 0;
        var started = watch.Elapsed;
        var reported = started;
        // Up to the last event when the rebuild began: what is appended meanwhile is projected after it.
        foreach (var (streamId, eventVersion, e) in _tables.EventsInStreamOrder(connection, total))
        {
            if (streamId != current)
            {
                if (state is not null && batch.Add(state, version) >= DossiersPerBatch)
                {
                    batches.Add(batch, cancellation);
                    batch = new Batch();
                }

                (current, state) = (streamId, null);
            }

            version = eventVersion;
            if (e is not null)
            {
                state = Dossier.Next(state, e);
            }

            if (++events % 1024 == 0)
            {
                cancellation.ThrowIfCancellationRequested();
                if (watch.Elapsed - reported >= ProgressEvery)
                {
                    reported = watch.Elapsed;
                    var rate = events / Math.Max(0.001, (reported - started).TotalSeconds);
                    var eta = TimeSpan.FromSeconds(Math.Max(0, total - events) / rate);
                    Report(progress, $"Projections: {events:N0}/{total:N0} events, {rate:N0} events/s, ETA {eta:mm\\:ss}");
                }
            }
        }

        if (state is not null)
        {
            batch.Add(state, version);
        }

        batches.Add(batch, cancellation);
        batches.CompleteAdding();
        return events;
    }

    /// <summary>
    /// Copies each batch into the emptied tables, in the rebuild's transaction, with each dossier's facts
    /// (<see cref="DossierFacts.Of"/>), adding up what they count. A document row is what Marten's inline projection
    /// writes: the dossier as its serializer writes it, the type, and the stream's version. (The facts are worked out on
    /// this side because reading and folding the log is the longer half.)
    /// </summary>
    private long Write(NpgsqlConnection connection, BlockingCollection<Batch> batches, CounterChanges counters, CancellationToken cancellation)
    {
        var zone = decider.Calendar.Zone;
        long dossiers = 0;
        foreach (var batch in batches.GetConsumingEnumerable(cancellation))
        {
            dossiers += batch.Documents.Count;
            _tables.CopyDocuments(connection, batch.Documents);
            var boundaries = new HashSet<(string From, string To)>();
            using (var copy = DossierFactsTable.BeginCopy(connection))
            {
                foreach (var (dossier, _) in batch.Documents)
                {
                    var parts = DossierFacts.Of(dossier, zone);
                    foreach (var facts in parts)
                    {
                        DossierFactsTable.WriteRow(copy, dossier.Id, facts);
                        if (facts.HandedOverTo is { } to)
                        {
                            boundaries.Add((facts.UnitCode, to));
                        }
                    }

                    counters.Add(parts);
                }

                copy.Complete();
            }

            DossierFactsTable.AddBoundaries(connection, boundaries);
        }

        return dossiers;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own; one side failing stops the other: the reader no longer waits
    /// for a writer that is gone, nor the writer for a reader.
    /// </summary>
    private static Task<T> OnOwnThread<T>(Func<T> work, CancellationTokenSource failed) =>
        Task.Factory.StartNew(() =>
        {
            try
            {
                return work();
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Report(Action<string>? progress, string line)
    {
        progress?.Invoke(line);
        logger.LogInformation("Rebuild {Line}", line);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>What one COPY round writes.</summary>
    private sealed class Batch
    {
        public List<(Dossier Dossier, long Version)> Documents { get; } = new(DossiersPerBatch);

        /// <summary>Adds a folded dossier (at its stream's <paramref name="version"/>); answers how many the batch holds.</summary>
        public int Add(Dossier dossier, long version)
        {
            Documents.Add((dossier, version));
            return Documents.Count;
        }
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
        foreach (var shard in ProjectionStatus.Shards)
        {
            agents.Add(await family.FindAgentUriAsync(shard.Identity, null, cancellation)
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
}

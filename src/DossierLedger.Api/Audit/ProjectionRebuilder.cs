using System.Data;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Infrastructure;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using Wolverine.Runtime;
using Wolverine.Runtime.Agents;

namespace DossierLedger.Api.Audit;

/// <summary>How a rebuild went.</summary>
public sealed record RebuildResult(long Events, double Seconds)
{
    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : Events;
}

/// <summary>
/// Rebuilds every projection (the dossier documents, the report facts and the counters) from the event log in
/// one transaction, reporting progress (events/s, ETA) while it runs. The log is read once in stream order and
/// each dossier folded with the domain's own <see cref="Dossier.Evolve"/>, as the inline projections do; its
/// document and its facts (<see cref="DossierFacts.Of"/>) are bulk-copied, with the facts table's counting
/// trigger off, and the counters are then summed in one statement from the same SQL contributions the trigger
/// uses. A rebuild that fails leaves the projections as they were; while it runs, their readers and writers wait.
/// </summary>
public sealed class ProjectionRebuilder(
    IDocumentStore store, DossierDecider decider, ProjectionSettings settings, IServiceProvider services, ILogger<ProjectionRebuilder> logger)
{
    /// <summary>Dossiers per COPY round: a few megabytes in flight, two rounds queued at most.</summary>
    public const int DossiersPerBatch = 2_000;

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    private static readonly ReportCounter[] Counters = Enum.GetValues<ReportCounter>();

    /// <summary>
    /// Every facts row's contributions summed into day, month and year buckets; then, at zero, every bucket a dossier
    /// counted in before its facts moved away (the trigger leaves such rows behind, so the rebuild keeps them too).
    /// The table's primary key (<paramref name="key"/>, <paramref name="keyDefinition"/>) is built once the sums are
    /// in, which costs far less than keeping it up row by row; the sums get room to aggregate in memory.
    /// </summary>
    private static string SumCounters(string key, string keyDefinition) => $"""
        SET LOCAL work_mem = '128MB';
        ALTER TABLE dl_report_buckets DROP CONSTRAINT {key};
        INSERT INTO dl_report_buckets (unit_code, grain, bucket, field_code, procedure_code, {string.Join(", ", Counters.Select(c => SnakeCase.Of(c.ToString())))})
        SELECT f.unit_code, b.grain, b.bucket, f.field_code, f.procedure_code,
               {string.Join(", ", Counters.Select(c => $"count(*) FILTER (WHERE c.counter = {(int)c})"))}
        FROM dl_dossier_facts f CROSS JOIN LATERAL dl_fact_contributions(f) c CROSS JOIN LATERAL dl_day_buckets(c.day) b
        GROUP BY 1, 2, 3, 4, 5;
        ALTER TABLE dl_report_buckets ADD CONSTRAINT {key} {keyDefinition};
        INSERT INTO dl_report_buckets (unit_code, grain, bucket, field_code, procedure_code)
        SELECT DISTINCT v.unit_code, b.grain, b.bucket, v.field_code, v.procedure_code
        FROM dl_rebuild_vanished v CROSS JOIN LATERAL dl_day_buckets(v.day) b
        ON CONFLICT DO NOTHING;
        """;

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
        await using var connection = await OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // Emptied first, so that no append commits in between: one that is under way waits for the rebuild and then
        // applies its events on top of it (the log is read after this point). The counters go with the facts (their
        // truncate trigger).
        await ExecuteAsync(connection, $"""
            TRUNCATE {documentTable}, dl_dossier_facts;
            ALTER TABLE dl_dossier_facts DISABLE TRIGGER USER;
            -- Marten's progress rows of the two inline projections: its own rebuild leaves none behind either.
            DELETE FROM mt_event_progression WHERE name IN ('Dossier:All', 'DossierFacts:All');
            CREATE TEMP TABLE dl_rebuild_vanished (unit_code text, field_code text, procedure_code text, day date) ON COMMIT DROP;
            """, cancellation);
        var total = await ScalarAsync(connection, "SELECT coalesce(max(seq_id), 0) FROM mt_events", cancellation);
        if (settings.IsAsync)
        {
            // The daemon goes on from the last event folded here.
            await ExecuteAsync(connection, $"""
                INSERT INTO mt_event_progression (name, last_seq_id) VALUES ('Dossier:All', {total}), ('DossierFacts:All', {total})
                ON CONFLICT (name) DO UPDATE SET last_seq_id = EXCLUDED.last_seq_id;
                """, cancellation);
        }


        var batches = System.Threading.Channels.Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var folding = CancelOnFailure(FoldAsync(batches.Writer, total, progress, watch, failed.Token), failed);
        var writing = CancelOnFailure(WriteAsync(connection, batches.Reader, failed.Token), failed);
        try
        {
            await Task.WhenAll(folding, writing);
        }
        catch when ((folding.Exception ?? writing.Exception)?.InnerException is { } cause)
        {
            ExceptionDispatchInfo.Throw(cause);
        }

        var (events, dossiers) = (await folding, await writing);
        Report(progress, $"Projections: {events:N0} events folded into {dossiers:N0} dossiers in {watch.Elapsed.TotalSeconds:F1} s; summing the counters");
        var (key, keyDefinition) = await PrimaryKeyAsync(connection, "dl_report_buckets", cancellation);
        await ExecuteAsync(connection, $"""
            {SumCounters(key, keyDefinition)}
            ALTER TABLE dl_dossier_facts ENABLE TRIGGER USER;
            """, cancellation);
        await transaction.CommitAsync(cancellation);
        Report(progress, "Projections: rebuilt");

        var result = new RebuildResult(events, watch.Elapsed.TotalSeconds);
        logger.LogInformation("Rebuilt every projection from {Events} events in {Seconds:F1} s", result.Events, result.Seconds);
        return result;
    }

    /// <summary>Reads the log in stream order and folds each dossier, handing on its document, facts and vanished days.</summary>
    private async Task<long> FoldAsync(ChannelWriter<Batch> batches, long total, Action<string>? progress, Stopwatch watch, CancellationToken cancellation)
    {
        var zone = decider.Calendar.Zone;
        await using var connection = await OpenAsync(cancellation);
        // No timeout: on a large log the first row comes only once the server has sorted it.
        // Up to the last event when the rebuild began: what is appended meanwhile is projected after it.
        await using var command = new NpgsqlCommand(
            $"SELECT stream_id, version, type, data FROM mt_events WHERE seq_id <= {total} ORDER BY stream_id, version", connection)
        {
            CommandTimeout = 0,
        };
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellation);
        var batch = new Batch();
        var trail = new FactsTrail();
        Guid? current = null;
        Dossier? state = null;
        long version = 0, events = 0;
        var started = watch.Elapsed;
        var reported = started;
        while (await reader.ReadAsync(cancellation))
        {
            var streamId = reader.GetGuid(0);
            if (streamId != current)
            {
                if (state is not null && batch.Add(state, version, trail, zone) >= DossiersPerBatch)
                {
                    await batches.WriteAsync(batch, cancellation);
                    batch = new Batch();
                }

                (current, state) = (streamId, null);
                trail.Clear();
            }

            version = reader.GetInt64(1);
            if (EventFold.Read(reader.GetString(2), reader.GetFieldValue<byte[]>(3)) is { } e)
            {
                state = state is null ? Dossier.Start(e) : state.Evolve(e);
                trail.Add(DossierFacts.Of(state, zone));
            }

            if (++events % 1024 == 0 && watch.Elapsed - reported >= ProgressEvery)
            {
                reported = watch.Elapsed;
                var rate = events / Math.Max(0.001, (reported - started).TotalSeconds);
                var eta = TimeSpan.FromSeconds(Math.Max(0, total - events) / rate);
                Report(progress, $"Projections: {events:N0}/{total:N0} events, {rate:N0} events/s, ETA {eta:mm\\:ss}");
            }
        }

        if (state is not null)
        {
            batch.Add(state, version, trail, zone);
        }

        await batches.WriteAsync(batch, cancellation);
        batches.Complete();
        return events;
    }

    /// <summary>
    /// Copies each batch into the emptied tables, in the rebuild's transaction. A document row is what Marten's inline
    /// projection writes: the dossier as its serializer writes it, the type, and the stream's version.
    /// </summary>
    private async Task<long> WriteAsync(NpgsqlConnection connection, ChannelReader<Batch> batches, CancellationToken cancellation)
    {
        long dossiers = 0;
        await foreach (var batch in batches.ReadAllAsync(cancellation))
        {
            dossiers += batch.Documents.Count;
            await DossierProjection.CopyAsync(connection, store, batch.Documents, cancellation);

            await using (var copy = await connection.BeginBinaryImportAsync(DossierFactsProjection.CopyRows, cancellation))
            {
                foreach (var (id, facts) in batch.Facts)
                {
                    await DossierFactsProjection.WriteRowAsync(copy, id, facts, cancellation);
                }

                await copy.CompleteAsync(cancellation);
            }

            if (batch.Vanished.Count > 0)
            {
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY dl_rebuild_vanished (unit_code, field_code, procedure_code, day) FROM STDIN (FORMAT BINARY)", cancellation);
                foreach (var (unit, field, procedure, day) in batch.Vanished)
                {
                    await copy.StartRowAsync(cancellation);
                    await copy.WriteAsync(unit, NpgsqlDbType.Text, cancellation);
                    await copy.WriteAsync(field, NpgsqlDbType.Text, cancellation);
                    await copy.WriteAsync(procedure, NpgsqlDbType.Text, cancellation);
                    await copy.WriteAsync(day.ToDateOnly(), NpgsqlDbType.Date, cancellation);
                }

                await copy.CompleteAsync(cancellation);
            }
        }

        return dossiers;
    }

    /// <summary>One side failing stops the other: the reader no longer waits for a writer that is gone, nor the writer for a reader.</summary>
    private static async Task<T> CancelOnFailure<T>(Task<T> task, CancellationTokenSource failed)
    {
        try
        {
            return await task;
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
    }

    private void Report(Action<string>? progress, string line)
    {
        progress?.Invoke(line);
        logger.LogInformation("Rebuild {Line}", line);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellation) is long value ? value : 0;
    }

    /// <summary>The name (quoted) and definition of <paramref name="table"/>'s primary key.</summary>
    private static async Task<(string Name, string Definition)> PrimaryKeyAsync(NpgsqlConnection connection, string table, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'p'", connection);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? (reader.GetString(0), reader.GetString(1))
            : throw new InvalidOperationException($"{table} has no primary key.");
    }

    /// <summary>What one COPY round writes.</summary>
    private sealed class Batch
    {
        public List<(Dossier Dossier, long Version)> Documents { get; } = new(DossiersPerBatch);

        public List<(Guid Id, DossierFacts Facts)> Facts { get; } = new(DossiersPerBatch);

        public List<(string Unit, string Field, string Procedure, LocalDate Day)> Vanished { get; } = [];

        /// <summary>Adds a folded dossier (at its stream's <paramref name="version"/>); answers how many the batch holds.</summary>
        public int Add(Dossier dossier, long version, FactsTrail trail, DateTimeZone zone)
        {
            Documents.Add((dossier, version));
            var facts = DossierFacts.Of(dossier, zone);
            if (facts is not null)
            {
                Facts.Add((dossier.Id, facts));
            }

            Vanished.AddRange(trail.VanishedDays(facts));
            return Documents.Count;
        }
    }

    /// <summary>
    /// The facts a dossier had along its stream, one per change. The counting trigger writes a bucket row the first
    /// time a dossier counts in it and never removes it: where the facts later move away (a pause, a new due date,
    /// a corrected resolution, a void) the row stays, at zero. Those days are handed on so the rebuild keeps the rows.
    /// The facts after each event are the row the projection's statements leave then (ProjectionRebuildTests hold the two together).
    /// </summary>
    private sealed class FactsTrail
    {
        private readonly List<DossierFacts> _states = [];

        public void Clear() => _states.Clear();

        public void Add(DossierFacts? facts)
        {
            if (facts is not null && (_states.Count == 0 || !facts.Equals(_states[^1])))
            {
                _states.Add(facts);
            }
        }

        /// <summary>The days some earlier facts counted on that <paramref name="final"/> no longer does.</summary>
        public HashSet<(string Unit, string Field, string Procedure, LocalDate Day)> VanishedDays(DossierFacts? final)
        {
            HashSet<(string, string, string, LocalDate)>? kept = null, vanished = null;
            foreach (var state in _states)
            {
                if (state.Equals(final))
                {
                    continue;
                }

                kept ??= final is null ? [] : [.. Days(final)];
                foreach (var day in Days(state))
                {
                    if (!kept.Contains(day))
                    {
                        (vanished ??= []).Add(day);
                    }
                }
            }

            return vanished ?? [];
        }

        private static IEnumerable<(string, string, string, LocalDate)> Days(DossierFacts facts) =>
            facts.Contributions().Select(c => (facts.UnitCode, facts.FieldCode, facts.ProcedureCode, c.Day));
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

}

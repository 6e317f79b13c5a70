using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Npgsql;
using Xunit.Abstractions;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Several nodes: two API processes in async projection mode on one database catch up on a history appended without
/// projections. One is killed while they are at it; the other takes over its shard and finishes, and every projected
/// row, report and counter equals what one node with inline projections made of the same events. A node then
/// rejoins, a rebuild pauses the agents on both nodes and resumes them, and the nodes keep projecting new writes.
/// </summary>
[Collection(LedgerCollection.Name)] // never beside DatabaseRestartTests, which restarts the cluster
public sealed class TwoNodesTests(ITestOutputHelper output)
{
    /// <summary>The first dossiers of the demo commune (about 5 events each): large enough to kill a node mid-way.</summary>
    private const int Dossiers = 6000;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>Async mode, and a dead node noticed after 5 s (production default: a minute).</summary>
    internal static readonly IReadOnlyDictionary<string, string> NodeSettings = new Dictionary<string, string>
    {
        ["Projections__Mode"] = "Async",
        ["Projections__Heartbeat"] = "00:00:01",
        ["Projections__NodeTimeout"] = "00:00:05",
        ["Units__RequireRegistered"] = "false",
        ["Serilog__MinimumLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task A_node_killed_during_catch_up_leaves_the_other_to_finish_with_the_figures_of_one_inline_node()
    {
        var cancellation = CancellationToken.None;
        var asyncDatabase = await TestDatabases.FreshAsync("dossierledger_nodes");
        var inlineDatabase = await TestDatabases.FreshAsync("dossierledger_nodes_inline");
        using var asyncStore = Store(asyncDatabase);
        using var inlineStore = Store(inlineDatabase);
        foreach (var store in new[] { asyncStore, inlineStore })
        {
            await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(cancellation);
        }

        var decider = new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
        var streams = new DemoCommune(ProcedureCatalogueFile.Load(), decider)
            .Generate(DemoLoader.DefaultSeed, Instant.FromUtc(2026, 1, 1, 0, 0)).Take(Dossiers).ToList();

        // The reference: one node, inline projections, the ordinary append path.
        var inlineWatch = Stopwatch.StartNew();
        foreach (var batch in streams.Chunk(500))
        {
            await using var session = inlineStore.LightweightSession();
            foreach (var stream in batch)
            {
                session.Events.StartStream<Dossier>(stream[0].DossierId, stream.Cast<object>().ToArray());
            }

            await session.SaveChangesAsync(cancellation);
        }

        var inlineTime = inlineWatch.Elapsed;

        // The same events for the nodes, with no projection at all (the COPY path skips them).
        var registry = (IEventRegistry)asyncStore.Options.Events;
        await asyncStore.BulkInsertEventsAsync(
            streams.Select(s => StreamAction.Start(registry, s[0].DossierId, s.Cast<object>().ToArray())).ToList(), 5000);
        var highWaterMark = await TestDatabases.ScalarAsync(asyncDatabase, "SELECT max(seq_id) FROM mt_events");
        highWaterMark.ShouldBe(streams.Sum(s => s.Count));
        var token = (await new ApiTokens(asyncStore, SystemClock.Instance).MintAsync("two-nodes", Roles.Admin, [], Duration.FromHours(1), cancellation)).Secret;

        var clock = Stopwatch.StartNew();
        await using var nodeA = NodeProcess.Start("A", asyncDatabase, token, NodeSettings);
        await using var nodeB = NodeProcess.Start("B", asyncDatabase, token, NodeSettings);
        NodeProcess[] nodes = [nodeA, nodeB];
        await Task.WhenAll(nodes.Select(n => n.WaitUntilServingAsync(TimeSpan.FromMinutes(1))));
        var serving = clock.Elapsed;
        var numbers = new Dictionary<int, NodeProcess>();
        foreach (var node in nodes)
        {
            numbers[(await node.GetJsonAsync("/api/admin/projections")).GetProperty("node").GetInt32()] = node;
        }

        // Watch the shards; kill the node of a shard that is well into the history and not through it.
        TimeSpan? firstProgress = null;
        NodeProcess? victim = null;
        var victimShard = "";
        while (victim is null)
        {
            clock.Elapsed.ShouldBeLessThan(Patience, $"no shard was seen mid-way\nA:\n{nodeA.Tail}\nB:\n{nodeB.Tail}");
            var progress = await ProgressAsync(asyncDatabase);
            progress.Values.ShouldContain(p => p < highWaterMark, "the projections caught up before a node could be killed: raise Dossiers");
            firstProgress ??= progress.Values.Any(p => p > 0) ? clock.Elapsed : null;
            foreach (var shard in progress.Where(p => p.Value >= highWaterMark / 4 && p.Value < highWaterMark).Select(p => p.Key))
            {
                var placed = Placement(await nodeA.GetJsonAsync("/api/admin/projections"));
                if (placed.TryGetValue(shard, out var number) && numbers.TryGetValue(number, out var runner))
                {
                    (victim, victimShard) = (runner, shard);
                    break;
                }
            }

            if (victim is null)
            {
                await Task.Delay(100);
            }
        }

        await victim.KillAsync();
        var killedAt = clock.Elapsed;
        var atKill = await ProgressAsync(asyncDatabase);
        atKill[victimShard].ShouldBeInRange(1, highWaterMark - 1, "the node died with its shard part done");
        var survivor = nodes.Single(n => n != victim);
        var survivorNumber = numbers.Single(n => n.Value == survivor).Key;

        // The survivor notices, takes the shard over from its last committed position, and finishes.
        TimeSpan? resumedAt = null;
        while (true)
        {
            clock.Elapsed.ShouldBeLessThan(Patience, $"the survivor did not finish:\n{survivor.Tail}");
            if (resumedAt is null && (await ProgressAsync(asyncDatabase))[victimShard] > atKill[victimShard])
            {
                resumedAt = clock.Elapsed;
            }

            if ((await survivor.GetJsonAsync("/health")).GetProperty("projections").GetProperty("behind").GetInt64() == 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        var caughtUp = clock.Elapsed;
        Placement(await survivor.GetJsonAsync("/api/admin/projections")).ShouldAllBe(p => p.Value == survivorNumber);
        (await ProgressAsync(asyncDatabase)).Values.ShouldAllBe(p => p == highWaterMark);

        // Every projected row as the inline node has it: documents, facts, counters; so every report too.
        await ShouldMatchInlineAsync(asyncDatabase, inlineDatabase, asyncStore, inlineStore, streams.Count);
        var verification = await new LedgerVerifier(asyncStore, new DossierLogReader(asyncStore), decider).VerifyAsync(cancellation);
        verification.Clean.ShouldBeTrue(string.Join("\n", verification.Drifts.Take(10)));

        var catchUp = caughtUp - firstProgress!.Value;
        var failover = resumedAt!.Value - killedAt;
        Report(
            $"Two nodes: {streams.Count:N0} dossiers, {highWaterMark:N0} events. One inline node appended them in {inlineTime.TotalSeconds:F1} s " +
            $"({highWaterMark / inlineTime.TotalSeconds:N0} events/s). Async nodes: serving after {serving.TotalSeconds:F1} s, first progress at " +
            $"{firstProgress.Value.TotalSeconds:F1} s; node {victim.Name} killed at {killedAt.TotalSeconds:F1} s running {victimShard} at " +
            $"{atKill[victimShard]:N0}/{highWaterMark:N0} (others: {string.Join(", ", atKill.Where(p => p.Key != victimShard).Select(p => $"{p.Key} {p.Value:N0}"))}); " +
            $"node {survivor.Name} resumed it at {resumedAt.Value.TotalSeconds:F1} s ({failover.TotalSeconds:F1} s after the kill) and caught up at " +
            $"{caughtUp.TotalSeconds:F1} s: catch-up {catchUp.TotalSeconds:F1} s from the first progress, {highWaterMark / catchUp.TotalSeconds:N0} events/s " +
            $"of the log through both shards, failover pause included; the survivor ran the taken-over shard's remaining " +
            $"{highWaterMark - atKill[victimShard]:N0} events at {(highWaterMark - atKill[victimShard]) / (caughtUp - resumedAt.Value).TotalSeconds:N0} events/s. Documents, facts, " +
            $"counters and the {DemoCommune.From:uuuu-MM-dd}..{DemoCommune.To:uuuu-MM-dd} report equal the inline node's; no drift.");

        // A node rejoins the cluster, ready to take the shard over; the shard stays where it runs.
        await using var nodeC = NodeProcess.Start("C", asyncDatabase, token, NodeSettings);
        await nodeC.WaitUntilServingAsync(TimeSpan.FromMinutes(1));
        var rejoined = Stopwatch.StartNew();
        while ((await survivor.GetJsonAsync("/api/admin/projections")).GetProperty("nodes").GetArrayLength() < 2)
        {
            rejoined.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(1), $"node C did not join\n{nodeC.Tail}");
            await Task.Delay(200);
        }

        Placement(await survivor.GetJsonAsync("/api/admin/projections")).ShouldAllBe(p => p.Value == survivorNumber);

        // A rebuild through one node pauses both nodes' agents, replays, and resumes them.
        var rebuildWatch = Stopwatch.StartNew();
        using (var rebuild = await survivor.Client.PostAsync("/api/admin/projections/rebuild", null, cancellation))
        {
            rebuild.StatusCode.ShouldBe(HttpStatusCode.OK, $"{await rebuild.Content.ReadAsStringAsync(cancellation)}\n{survivor.Tail}");
        }

        var rebuildTime = rebuildWatch.Elapsed;
        await ShouldMatchInlineAsync(asyncDatabase, inlineDatabase, asyncStore, inlineStore, streams.Count);

        // Writes after the rebuild: the same new receipt number sent to both nodes at once is taken once; the dossier
        // reads back at once on the other node, and the resumed agents project it.
        var receipt = $"{{\"unitCode\":\"NODES\",\"procedureCode\":\"1.004873\",\"channel\":\"direct\",\"receiptNo\":\"NODES-{Guid.NewGuid():N}\"}}";
        var answers = await Task.WhenAll(new[] { survivor, nodeC }.Select(async node => (Node: node, Answer: await node.PostJsonAsync("/api/dossiers", receipt))));
        answers.Select(a => a.Answer.Status).Order().ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        answers.Single(a => a.Answer.Status == HttpStatusCode.Conflict).Answer.Body.GetProperty("rule").GetString().ShouldBe("duplicate-receipt-number");
        var (writer, (_, created)) = answers.Single(a => a.Answer.Status == HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var other = writer == survivor ? nodeC : survivor;
        (await other.GetJsonAsync($"/api/dossiers/{id}")).GetProperty("unitCode").GetString().ShouldBe("NODES");

        // Receipts numbered by the nodes, at one unit and day, through both at once: each number once, from 0001.
        const string numbered = """{"unitCode":"NODES-DAILY","procedureCode":"1.004873","channel":"direct","receivedAt":"2025-04-01T08:00:00+07:00"}""";
        var generated = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => (i % 2 == 0 ? survivor : nodeC).PostJsonAsync("/api/dossiers", numbered)));
        generated.ShouldAllBe(g => g.Status == HttpStatusCode.Created);
        generated.Select(g => g.Body.GetProperty("receiptNo").GetString()).ShouldBeUnique();
        generated.ShouldAllBe(g => System.Text.RegularExpressions.Regex.IsMatch(g.Body.GetProperty("receiptNo").GetString()!, @"^NODES-DAILY-250401-00[0-4]\d$"));

        // Lifecycle commands at once, on either node: FetchForWriting folds in the events the document lacks yet.
        (await other.PostJsonAsync($"/api/dossiers/{id}/assignments", """{"step":"Thẩm định","assignee":"cc3"}""")).Status.ShouldBe(HttpStatusCode.OK);
        var stale = await writer.PostJsonAsync($"/api/dossiers/{id}/resolution", """{"version":1}""");
        (stale.Status, stale.Body.GetProperty("rule").GetString()).ShouldBe((HttpStatusCode.Conflict, "version-conflict"));
        (await writer.PostJsonAsync($"/api/dossiers/{id}/resolution", """{"version":2}""")).Status.ShouldBe(HttpStatusCode.OK);

        var written = Stopwatch.StartNew();
        while ((await other.GetJsonAsync("/health")).GetProperty("projections").GetProperty("behind").GetInt64() > 0)
        {
            written.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), $"the resumed agents did not project the new receipt\n{survivor.Tail}\n{nodeC.Tail}");
            await Task.Delay(50);
        }

        var queue = await other.GetJsonAsync("/api/dossiers?unit=NODES&status=resolved");
        queue.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([id]);
        (await TestDatabases.ScalarAsync(asyncDatabase, $"SELECT count(*) FROM dl_dossier_facts WHERE dossier_id = '{id}' AND closure = 9")).ShouldBe(1);
        Report($"Node C rejoined after {rejoined.Elapsed.TotalSeconds:F1} s; a rebuild through node {survivor.Name} paused both nodes' " +
            $"agents, replayed and resumed them in {rebuildTime.TotalSeconds:F1} s with the same figures; a receipt written afterwards read back at once " +
            $"on the other node, was assigned and resolved through both, and was projected {written.Elapsed.TotalMilliseconds:F0} ms after the last write; " +
            "its number, sent to both nodes at once, was taken once.");
    }

    [Fact]
    public async Task A_switch_from_inline_to_async_starts_the_shards_where_the_inline_projections_stopped()
    {
        var cancellation = CancellationToken.None;
        var database = await TestDatabases.FreshAsync("dossierledger_modes");
        using var store = Store(database);
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(cancellation);
        var streams = DemoHistories.Streams().Take(20).ToList();
        Task StartNodeAsync(ProjectionMode mode) =>
            new ProjectionModeSwitch(store, new ProjectionSettings(mode, ProjectionSettings.DefaultHeartbeat, ProjectionSettings.DefaultNodeTimeout),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<ProjectionModeSwitch>.Instance).StartAsync(cancellation);

        // Events loaded without projections: the async shards start at 0 and project them all.
        var registry = (IEventRegistry)store.Options.Events;
        await store.BulkInsertEventsAsync(streams.Take(10).Select(s => StreamAction.Start(registry, s[0].DossierId, s.Cast<object>().ToArray())).ToList(), 5000);
        await StartNodeAsync(ProjectionMode.Async);
        (await ProgressAsync(database)).Values.ShouldAllBe(p => p == 0);

        // Inline nodes then project their own writes; the next async start begins after them.
        await StartNodeAsync(ProjectionMode.Inline);
        await using (var session = store.LightweightSession())
        {
            foreach (var stream in streams.Skip(10))
            {
                session.Events.StartStream<Dossier>(stream[0].DossierId, stream.Cast<object>().ToArray());
            }

            await session.SaveChangesAsync(cancellation);
        }

        var end = await TestDatabases.ScalarAsync(database, "SELECT max(seq_id) FROM mt_events");
        await StartNodeAsync(ProjectionMode.Async);
        (await ProgressAsync(database)).Values.ShouldAllBe(p => p == end);

        // A ledger from before the mode was recorded counts as inline when its projections hold data.
        await TestDatabases.TextAsync(database, "DELETE FROM dl_projection_mode; DELETE FROM mt_event_progression");
        await StartNodeAsync(ProjectionMode.Async);
        (await ProgressAsync(database)).Values.ShouldAllBe(p => p == end);
    }

    /// <summary>Documents, facts and counters row by row, the dossier count, and the demo range's report by procedure.</summary>
    private static async Task ShouldMatchInlineAsync(string asyncDatabase, string inlineDatabase, IDocumentStore asyncStore, IDocumentStore inlineStore, int dossiers)
    {
        foreach (var store in new[] { asyncStore, inlineStore })
        {
            await CounterTables.CompactAsync(store, wait: true, CancellationToken.None);
        }

        foreach (var rows in new[]
        {
            "SELECT id, data, mt_version FROM mt_doc_dossier", "SELECT * FROM dl_dossier_facts", $"SELECT * FROM dl_report_buckets WHERE {TestDatabases.CountingBuckets}",
        })
        {
            var sql = $"SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r::text)), '') FROM ({rows}) r";
            (await TestDatabases.TextAsync(asyncDatabase, sql)).ShouldBe(await TestDatabases.TextAsync(inlineDatabase, sql), rows);
        }

        (await TestDatabases.ScalarAsync(asyncDatabase, "SELECT count(*) FROM mt_doc_dossier")).ShouldBe(dossiers);
        var fromNodes = await new PeriodReportQuery(asyncStore).RunAsync(null, DemoCommune.From, DemoCommune.To, ReportGrouping.Procedure, CancellationToken.None);
        var fromInline = await new PeriodReportQuery(inlineStore).RunAsync(null, DemoCommune.From, DemoCommune.To, ReportGrouping.Procedure, CancellationToken.None);
        fromNodes.Total.Through.ShouldNotBe(ReportCounters.Zero);
        fromNodes.Total.ShouldBe(fromInline.Total);
        fromNodes.Groups.ShouldBe(fromInline.Groups);
    }

    /// <summary>Which node number each shard is assigned to, from a node's <c>/api/admin/projections</c>.</summary>
    private static Dictionary<string, int> Placement(JsonElement report) => report.GetProperty("shards").EnumerateArray()
        .Where(s => s.GetProperty("node").ValueKind == JsonValueKind.Number)
        .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("node").GetInt32());

    /// <summary>Each shard's committed position, straight from the database.</summary>
    private static async Task<Dictionary<string, long>> ProgressAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT n, coalesce((SELECT last_seq_id FROM mt_event_progression WHERE name = n), 0) FROM unnest(@names) AS n", connection);
        command.Parameters.AddWithValue("names", ProjectionStatus.ShardNames.ToArray());
        var result = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    private static DocumentStore Store(string connectionString) => DocumentStore.For(options =>
    {
        options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(connectionString));
        HostSetup.ConfigureStore(options);
    });
}

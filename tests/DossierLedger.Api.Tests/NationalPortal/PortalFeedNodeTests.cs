using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.NationalPortal;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Tests.Integration;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using Xunit.Abstractions;

namespace DossierLedger.Api.Tests.NationalPortal;

/// <summary>
/// The feed to the national portal from API nodes that are processes of their own, on one database, delivering to an
/// in-process stand-in portal: a node killed while its deliveries are in flight loses none of them and gets no step into
/// the portal's state twice; two nodes taking commands for the same dossiers never both send the same thing.
/// </summary>
[Collection(LedgerCollection.Name)] // never beside DatabaseRestartTests, which restarts the cluster
public sealed class PortalFeedNodeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The statuses of a dossier received, assigned, resolved and returned, as the portal keeps its history.</summary>
    private static readonly int[] Returned = [2, 4, 9, 10];

    private static readonly string[] Components = ["Tờ khai", "Bản sao CCCD"];

    [Fact]
    public async Task A_node_killed_mid_delivery_loses_no_message_and_no_step_reaches_the_portals_state_twice()
    {
        const int dossiers = 12;
        await using var portal = await StandInPortal.StandInPortal.StartAsync();
        var (database, token) = await LedgerAsync("dossierledger_portal_kill");
        // The history calls are kept by the portal but never answered to node A: it dies not knowing they were accepted.
        portal.HoldAnswers(PortalWire.HistoryService);
        var clock = Stopwatch.StartNew();
        await using var nodeA = await StartAsync("A", database, token, portal);

        var recorded = await RecordAsync(dossiers, _ => nodeA);
        await portal.WaitUntilAsync(p => p.HeldAnswers > 0, Patience, "a history call in flight");
        await nodeA.KillAsync();
        var killedAt = clock.Elapsed;
        var completeAtKill = recorded.Count(d => portal.Dossier(d.ReceiptNo) is { Steps.Count: 4 });
        completeAtKill.ShouldBeLessThan(dossiers, "node A was killed with deliveries still to make");
        portal.ReleaseAnswers();

        // Another node on the same database takes over the dead node's inbox and delivers the rest.
        await using var nodeB = await StartAsync("B", database, token, portal);
        await AllReturnedAsync(portal, recorded, nodeB);
        var deliveredAt = clock.Elapsed;

        portal.RepeatedSteps.ShouldBeGreaterThan(0, "steps the portal kept for the dead node were sent again");
        await AllSynchronisedAsync(nodeB, recorded);
        Report($"{dossiers} dossiers of 4 steps through node A; {portal.HeldAnswers} history answers held when A was killed at " +
            $"{killedAt.TotalSeconds:F1} s with {completeAtKill} dossiers complete at the portal; node B delivered the rest by " +
            $"{deliveredAt.TotalSeconds:F1} s ({(deliveredAt - killedAt).TotalSeconds:F1} s after the kill, its start included); " +
            $"{portal.RepeatedSteps} steps sent again and kept once.");
    }

    [Fact]
    public async Task Two_nodes_taking_turns_at_each_dossiers_commands_send_each_step_once()
    {
        const int dossiers = 24;
        await using var portal = await StandInPortal.StandInPortal.StartAsync();
        var (database, token) = await LedgerAsync("dossierledger_portal_nodes");
        var clock = Stopwatch.StartNew();
        await using var nodeA = await StartAsync("A", database, token, portal);
        await using var nodeB = await StartAsync("B", database, token, portal);
        NodeProcess[] nodes = [nodeA, nodeB];

        // Each command on the other node than the one before it, so both nodes deliver each dossier.
        var started = clock.Elapsed;
        var recorded = await RecordAsync(dossiers, command => nodes[command % 2]);
        await AllReturnedAsync(portal, recorded, nodeA);
        var deliveredAt = clock.Elapsed;
        await AllSynchronisedAsync(nodeB, recorded);

        portal.RepeatedSteps.ShouldBe(0, "no step was sent by both nodes");
        Report($"{dossiers} dossiers of 4 steps, their commands alternated between two nodes, delivered in " +
            $"{(deliveredAt - started).TotalSeconds:F1} s in {portal.Calls} calls; no step sent twice.");
    }

    /// <summary>A fresh database with the ledger's schema, and an admin token on it.</summary>
    private static async Task<(string Database, string Token)> LedgerAsync(string name)
    {
        var database = await TestDatabases.FreshAsync(name);
        using var store = DocumentStore.For(options =>
        {
            options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(database));
            HostSetup.ConfigureStore(options);
        });
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        using var tokens = new ApiTokens(store, SystemClock.Instance);
        return (database, (await tokens.MintAsync("portal-nodes", Roles.Admin, [], Duration.FromHours(1), CancellationToken.None)).Secret);
    }

    /// <summary>
    /// A node in async mode delivering to <paramref name="portal"/>, with retries short enough for a test and a call
    /// timeout long enough that no answer is missed on a busy machine (a call given up is sent again, legitimately).
    /// </summary>
    private static async Task<NodeProcess> StartAsync(string name, string database, string token, StandInPortal.StandInPortal portal)
    {
        var settings = new Dictionary<string, string>(TwoNodesTests.NodeSettings)
        {
            ["NationalPortal__Timeout"] = "00:00:10",
            ["NationalPortal__Cooldown"] = "00:00:00.2",
            ["NationalPortal__Backoff"] = "00:00:00.5,00:00:01",
        };
        foreach (var (key, value) in portal.LedgerSettings("__"))
        {
            settings[key] = value;
        }

        var node = NodeProcess.Start(name, database, token, settings);
        await node.WaitUntilServingAsync(TimeSpan.FromMinutes(1));
        return node;
    }

    /// <summary>
    /// Receives <paramref name="count"/> dossiers at units of their own and assigns, resolves and returns each, the dossiers
    /// at once and each one's commands in turn, command <c>n</c> of a dossier through <paramref name="node"/>(<c>n</c>).
    /// </summary>
    private static async Task<IReadOnlyList<(Guid Id, string ReceiptNo)>> RecordAsync(int count, Func<int, NodeProcess> node) =>
        await Task.WhenAll(Enumerable.Range(1, count).Select(async i =>
        {
            var day = $"2025-07-{i % 28 + 1:00}";
            var received = await PostAsync(node(0), "/api/dossiers", HttpStatusCode.Created, new
            {
                unitCode = LedgerFixture.NewUnit(),
                procedureCode = "1.004873",
                channel = "direct",
                receivedAt = $"{day}T08:00:00+07:00",
                applicant = new { name = "Nguyễn Văn An" },
                components = Components,
            });
            var id = received.GetProperty("id").GetGuid();
            await PostAsync(node(1), $"/api/dossiers/{id}/assignments", HttpStatusCode.OK, new { at = $"{day}T09:00:00+07:00", step = "thẩm định", assignee = "nguyenvana" });
            await PostAsync(node(2), $"/api/dossiers/{id}/resolution", HttpStatusCode.OK, new { at = $"{day}T10:00:00+07:00" });
            await PostAsync(node(3), $"/api/dossiers/{id}/result-return", HttpStatusCode.OK, new { at = $"{day}T15:30:00+07:00", method = "counter" });
            return (id, received.GetProperty("receiptNo").GetString()!);
        }));

    private static async Task<JsonElement> PostAsync(NodeProcess node, string path, HttpStatusCode expected, object body)
    {
        var (status, answer) = await node.PostJsonAsync(path, JsonSerializer.Serialize(body));
        status.ShouldBe(expected, $"{node.Name} POST {path}: {answer}\n{node.Tail}");
        return answer;
    }

    /// <summary>
    /// Waits until the portal has every dossier returned, then checks it kept the contract and each history in order with
    /// each step once.
    /// </summary>
    private static async Task AllReturnedAsync(StandInPortal.StandInPortal portal, IReadOnlyList<(Guid Id, string ReceiptNo)> dossiers, NodeProcess node)
    {
        try
        {
            await portal.WaitUntilAsync(p => dossiers.All(d => p.Dossier(d.ReceiptNo) is { Steps.Count: >= 4 }), Patience, "every dossier with its four steps");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{node.Name}:\n{node.Tail}", e);
        }

        portal.Violations.ShouldBeEmpty();
        foreach (var (_, receiptNo) in dossiers)
        {
            var kept = portal.Dossier(receiptNo)!;
            kept.Statuses.ShouldBe(Returned, receiptNo);
            kept.Record["TrangThaiHoSo"]!.GetValue<int>().ShouldBe(10, receiptNo);
        }
    }

    /// <summary>Waits until the ledger's own delivery record of each dossier says the portal is up to date.</summary>
    private static async Task AllSynchronisedAsync(NodeProcess node, IReadOnlyList<(Guid Id, string ReceiptNo)> dossiers)
    {
        var watch = Stopwatch.StartNew();
        foreach (var (id, receiptNo) in dossiers)
        {
            while (!(await node.GetJsonAsync($"/api/dossiers/{id}/national-portal")).GetProperty("synchronised").GetBoolean())
            {
                watch.Elapsed.ShouldBeLessThan(Patience, $"the ledger never recorded {receiptNo} as synchronised\n{node.Tail}");
                await Task.Delay(100);
            }
        }
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}

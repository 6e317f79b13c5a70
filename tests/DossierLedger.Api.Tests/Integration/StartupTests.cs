using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The API starts every time: right after a bulk load its chain linker has work to do while the node starts (that
/// deadlocked with the schema's scripts), several nodes start together, and a node upgrading the schema starts beside
/// nodes already at work. And a production host refuses the public development chain key.
/// </summary>
public sealed class StartupTests
{
    private const int Starts = 20;

    [Fact]
    public async Task The_api_starts_every_time_right_after_a_bulk_load_and_beside_other_nodes()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_starts");
        using var store = DocumentStore.For(options =>
        {
            options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(database));
            HostSetup.ConfigureStore(options);
        });
        await new LedgerSchema(store, NullLogger<LedgerSchema>.Instance).ApplyAsync(CancellationToken.None);
        var batches = new Queue<IReadOnlyList<IReadOnlyList<IDossierEvent>>>(DemoHistories.Streams().Chunk(300));

        // A bulk load of ~20,000 events no linker has seen, then another batch before every start.
        for (var i = 0; i < 12; i++)
        {
            await BulkLoadAsync(store, batches.Dequeue());
        }

        for (var start = 1; start <= Starts; start++)
        {
            (await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM dl_chain_pending")).ShouldBeGreaterThan(0);
            await using (var node = NodeProcess.Start($"start {start}", database, "", new Dictionary<string, string>()))
            {
                await node.WaitUntilServingAsync(TimeSpan.FromMinutes(1));
            }

            await BulkLoadAsync(store, batches.Dequeue());
        }

        // Two nodes at once on a schema to upgrade, then a third upgrading it again beside them while they link.
        await ForgetAppliedSchemaAsync(database);
        await using var first = NodeProcess.Start("first", database, "", new Dictionary<string, string>());
        await using var second = NodeProcess.Start("second", database, "", new Dictionary<string, string>());
        await Task.WhenAll(first.WaitUntilServingAsync(TimeSpan.FromMinutes(1)), second.WaitUntilServingAsync(TimeSpan.FromMinutes(1)));
        await ForgetAppliedSchemaAsync(database);
        for (var i = 0; i < 4; i++)
        {
            await BulkLoadAsync(store, batches.Dequeue());
        }

        await using var third = NodeProcess.Start("third", database, "", new Dictionary<string, string>());
        await third.WaitUntilServingAsync(TimeSpan.FromMinutes(1));

        // The nodes' linkers chain everything, and the chain verifies.
        await NodeProcess.RunCommandAsync(database, "verify-chain");
        (await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM dl_chain_pending")).ShouldBe(0);
        (await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM dl_event_chain"))
            .ShouldBe(await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM mt_events"));
    }

    [Fact]
    public async Task A_production_host_refuses_the_development_chain_key_with_one_line_saying_what_to_set()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_refusal");
        var (exitCode, output) = await NodeProcess.RunAsync(database, new Dictionary<string, string> { ["Audit__ChainKey"] = "" }, "verify");

        exitCode.ShouldNotBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, output);
        lines[0].ShouldContain("Audit__ChainKey");
        (await TestDatabases.ScalarAsync(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_host_refuses_an_unknown_receipt_number_format_with_one_line_naming_the_setting()
    {
        var database = await TestDatabases.FreshAsync("dossierledger_receipt_format");
        var (exitCode, output) = await NodeProcess.RunAsync(database, new Dictionary<string, string> { ["Receipts__Format"] = "weekly" }, "verify");

        exitCode.ShouldBe(2);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, output);
        lines[0].ShouldContain("Receipts:Format");
        lines[0].ShouldContain("ledger-wide");
    }

    private static async Task BulkLoadAsync(DocumentStore store, IReadOnlyList<IReadOnlyList<IDossierEvent>> streams)
    {
        var registry = (IEventRegistry)store.Options.Events;
        await store.BulkInsertEventsAsync(streams.Select(s => StreamAction.Start(registry, s[0].DossierId, s.Cast<object>().ToArray())).ToList(), 5000);
    }

    /// <summary>
    /// As before an upgrade from an older build: the next node to start adopts the database, replacing the chain's
    /// triggers (the strongest table locks) before it records the baseline.
    /// </summary>
    private static Task ForgetAppliedSchemaAsync(string database) => TestDatabases.ForgetMigrationsAsync(database, "older");
}

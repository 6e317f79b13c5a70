using DossierLedger.Api.Tests.Integration;

namespace DossierLedger.Api.Tests.Demo;

/// <summary>
/// <c>load-synthetic</c> writes a unit either as events (which <c>rebuild</c> projects) or, with <c>--facts-only</c>, as
/// the facts rows those events leave. The benchmark's 10M ledger is the second kind and stands for the first in report
/// measurements, so the two must hold the same counters.
/// </summary>
[Collection(LedgerCollection.Name)] // never beside DatabaseRestartTests, which restarts the cluster
public sealed class SyntheticLoadTests
{
    /// <summary>Every counter bucket that holds something, in one text (buckets left at zero by a rebuild are not counted).</summary>
    private static string NonZeroBuckets(string table) => $"""
        SELECT md5(string_agg(b::text, ';' ORDER BY b::text)) || ' ' || count(*) FROM {table} b
        WHERE EXISTS (SELECT 1 FROM jsonb_each(to_jsonb(b)) e WHERE jsonb_typeof(e.value) = 'number' AND e.value <> '0'::jsonb)
        """;

    [Fact]
    public async Task Facts_only_unit_holds_the_counters_its_events_project_to()
    {
        var withEvents = await TestDatabases.FreshAsync("dossierledger_synthetic_events");
        var factsOnly = await TestDatabases.FreshAsync("dossierledger_synthetic_facts");

        await NodeProcess.RunCommandAsync(withEvents, "load-synthetic", "--units", "1");
        await NodeProcess.RunCommandAsync(withEvents, "rebuild");
        await NodeProcess.RunCommandAsync(factsOnly, "load-synthetic", "--units", "1", "--facts-only");

        (await TestDatabases.ScalarAsync(factsOnly, "SELECT count(*) FROM mt_events e JOIN dl_dossier_facts f ON f.dossier_id = e.stream_id"))
            .ShouldBe(0, "no dossier's events, only the unit registry's");
        (await TestDatabases.ScalarAsync(factsOnly, "SELECT count(*) FROM dl_dossier_facts"))
            .ShouldBe(await TestDatabases.ScalarAsync(withEvents, "SELECT count(*) FROM dl_dossier_facts"));
        (await TestDatabases.ScalarAsync(factsOnly, "SELECT count(*) FROM dl_dossier_facts")).ShouldBeGreaterThan(15_000);
        foreach (var table in new[] { "dl_report_buckets", "dl_report_unit_buckets" })
        {
            var sql = NonZeroBuckets(table);
            (await TestDatabases.TextAsync(factsOnly, sql)).ShouldBe(await TestDatabases.TextAsync(withEvents, sql), table);
        }
    }
}

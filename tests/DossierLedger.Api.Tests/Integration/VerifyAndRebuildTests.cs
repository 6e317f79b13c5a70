using System.Net;
using DossierLedger.Api.Demo;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Verification finds counters altered behind the ledger's back; a rebuild from the log restores them.</summary>
[Collection(LedgerCollection.Name)]
public sealed class VerifyAndRebuildTests(LedgerFixture ledger)
{
    private async Task ExecuteAsync(string sql)
    {
        await using var connection = (NpgsqlConnection)ledger.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Drift_is_found_named_and_repaired_by_a_rebuild()
    {
        var (status, clean, _) = await ledger.GetAsync("/api/admin/verify");
        status.ShouldBe(HttpStatusCode.OK, clean.ToString());
        clean.GetProperty("clean").GetBoolean().ShouldBeTrue(clean.ToString());
        clean.GetProperty("dossiers").GetInt64().ShouldBeGreaterThanOrEqualTo(15034);

        // Someone edits a day's counter directly in SQL, in both tables.
        await ExecuteAsync("""
            UPDATE dl_report_buckets SET received_online = received_online + 5
            WHERE ctid = (SELECT ctid FROM dl_report_buckets WHERE unit_code = 'KP' AND grain = 'D' AND bucket = '2024-03-04' LIMIT 1);
            UPDATE dl_report_unit_buckets SET received_online = received_online + 5
            WHERE unit_code = 'KP' AND grain = 'D' AND bucket = '2024-03-04';
            """);

        var (_, drift, _) = await ledger.GetAsync("/api/admin/verify");
        drift.GetProperty("clean").GetBoolean().ShouldBeFalse();
        // Each table's drift is named.
        var drifts = drift.GetProperty("drifts").EnumerateArray().ToList();
        drifts.Select(d => d.GetProperty("table").GetString()).ShouldBe(["dl_report_buckets", "dl_report_unit_buckets"]);
        foreach (var d in drifts)
        {
            d.GetProperty("unit").GetString().ShouldBe("KP");
            d.GetProperty("bucket").GetString().ShouldBe("2024-03-04");
            d.GetProperty("counter").GetString().ShouldBe("receivedOnline");
            (d.GetProperty("projected").GetInt64() - d.GetProperty("fromEvents").GetInt64()).ShouldBe(5);
        }

        var (rebuilt, result, _) = await ledger.SendAsync(HttpMethod.Post, "/api/admin/projections/rebuild", "{}");
        rebuilt.ShouldBe(HttpStatusCode.OK, result.ToString());
        result.GetProperty("events").GetInt64().ShouldBeGreaterThan(80_000);

        (await ledger.GetAsync("/api/admin/verify")).Body.GetProperty("clean").GetBoolean().ShouldBeTrue();
        SeedCommuneReportTests.Figures(await ledger.ReportAsync("KP", "2021-01-01", "2025-04-14")).ShouldBe(DemoCommune.Expected);
    }
}

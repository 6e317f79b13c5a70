using System.Net;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The rebuild derives exactly what the inline projections wrote as the events came in — documents, facts and
/// counter buckets, row for row — and one that fails midway leaves them as they were.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ProjectionRebuildTests(LedgerFixture ledger)
{
    /// <summary>Every row of the three projections as text, in key order (jsonb prints in one canonical form).</summary>
    private sealed record Projections(IReadOnlyList<string> Documents, IReadOnlyList<string> Facts, IReadOnlyList<string> Buckets, IReadOnlyList<string> UnitBuckets);

    private async Task<Projections> SnapshotAsync()
    {
        await CounterTables.CompactAsync(ledger.Store, wait: true, CancellationToken.None);
        await using var connection = (NpgsqlConnection)ledger.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();

        async Task<IReadOnlyList<string>> RowsAsync(string sql)
        {
            var rows = new List<string>();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        }

        return new Projections(
            await RowsAsync("SELECT concat_ws(' ', id, mt_version, mt_dotnet_type, data) FROM mt_doc_dossier ORDER BY id"),
            await RowsAsync("SELECT f::text FROM dl_dossier_facts f ORDER BY dossier_id"),
            await RowsAsync($"SELECT b::text FROM dl_report_buckets b WHERE {TestDatabases.CountingBuckets} ORDER BY unit_code, grain, bucket, field_code, procedure_code"),
            await RowsAsync($"SELECT u::text FROM dl_report_unit_buckets u WHERE {TestDatabases.CountingBuckets} ORDER BY unit_code, grain, bucket"));
    }

    private static void ShouldBeTheSame(Projections actual, Projections expected)
    {
        foreach (var (name, was, now) in new[]
        {
            ("documents", expected.Documents, actual.Documents), ("facts", expected.Facts, actual.Facts), ("buckets", expected.Buckets, actual.Buckets),
            ("unit buckets", expected.UnitBuckets, actual.UnitBuckets),
        })
        {
            now.Except(was).Take(5).ShouldBeEmpty($"{name} rows that were not there");
            was.Except(now).Take(5).ShouldBeEmpty($"{name} rows that are gone");
            now.Count.ShouldBe(was.Count, name);
        }
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = (NpgsqlConnection)ledger.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task DirectSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ledger.DirectSqlConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET session_replication_role = replica; " + sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<Guid> EventIdAsync(Guid dossier, int index) =>
        (await ledger.GetAsync($"/api/audit/events?dossier={dossier}")).Body.GetProperty("items")[index].GetProperty("eventId").GetGuid();

    private async Task OkAsync(string url, object body)
    {
        var (status, json, _) = await ledger.PostAsync(url, body);
        status.ShouldBe(HttpStatusCode.OK, json.ToString());
    }

    /// <summary>Dossiers whose facts move after they first counted, so the projection has left buckets at zero behind them.</summary>
    private async Task<string> UnitWithMovedFactsAsync()
    {
        var unit = LedgerFixture.NewUnit();
        // Paused in time (no due while it waits), resumed with a new due date, resolved.
        var paused = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00");
        await OkAsync($"/api/dossiers/{paused}/supplement-requests", new { at = "2025-03-11T08:00:00+07:00", items = "Bản sao CCCD" });
        await OkAsync($"/api/dossiers/{paused}/supplements", new { at = "2025-03-17T10:00:00+07:00" });
        await OkAsync($"/api/dossiers/{paused}/resolution", new { at = "2025-03-19T09:00:00+07:00" });
        // Resolved, then the resolution corrected to a later day.
        var corrected = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", channel: "postal");
        await OkAsync($"/api/dossiers/{corrected}/resolution", new { at = "2025-03-11T08:00:00+07:00" });
        await OkAsync($"/api/dossiers/{corrected}/corrections/resolution",
            new { supersedes = await EventIdAsync(corrected, 1), resolvedAt = "2025-03-14T09:00:00+07:00", reason = "Ngày ký nhập sai" });
        // Entered twice and voided; received on a channel corrected afterwards.
        var twice = await ledger.ReceiveAsync(unit, "2025-03-12T08:00:00+07:00", procedureCode: "1.001022");
        await OkAsync($"/api/dossiers/{twice}/corrections/void", new { supersedes = await EventIdAsync(twice, 0), reason = "Nhập trùng" });
        var channel = await ledger.ReceiveAsync(unit, "2025-03-12T09:00:00+07:00");
        await OkAsync($"/api/dossiers/{channel}/corrections/channel",
            new { supersedes = await EventIdAsync(channel, 0), channel = "online", reason = "Nhập nhầm kênh" });
        // Refused at intake: a document, never any facts.
        var (refused, body, _) = await ledger.PostAsync("/api/intake-refusals", new
        {
            unitCode = unit,
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = "2025-03-13T08:00:00+07:00",
            reason = "Không thuộc thẩm quyền",
        });
        refused.ShouldBe(HttpStatusCode.Created, body.ToString());
        return unit;
    }

    [Fact]
    public async Task A_rebuild_reproduces_the_inline_projections_row_for_row()
    {
        var unit = await UnitWithMovedFactsAsync();
        // Three dossiers count: the void took the fourth out; the refusal never counted.
        (await ScalarAsync($"SELECT count(*) FROM dl_dossier_facts WHERE unit_code = '{unit}'")).ShouldBe(3);
        (await ScalarAsync($"SELECT count(*) FROM dl_dossier_facts WHERE unit_code = '{unit}' AND closed_on = '2025-03-14'"))
            .ShouldBe(1, "the corrected resolution moved its dossier's closing day");
        var inline = await SnapshotAsync();
        var byProcedure = $"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={unit}&groupBy=procedure";
        var groupedInline = (await ledger.GetAsync(byProcedure)).Body.ToString();
        groupedInline.ShouldNotContain("1.001022", customMessage: "the voided dossier's procedure counts nothing");

        var (status, result, _) = await ledger.SendAsync(HttpMethod.Post, "/api/admin/projections/rebuild", "{}");

        status.ShouldBe(HttpStatusCode.OK, result.ToString());
        result.GetProperty("events").GetInt64().ShouldBe(await ledger.EventCountAsync());
        ShouldBeTheSame(await SnapshotAsync(), inline);
        (await ledger.GetAsync(byProcedure)).Body.ToString().ShouldBe(groupedInline);
        (await ScalarAsync("SELECT count(*) FROM mt_event_progression WHERE name IN ('Dossier:All', 'DossierFacts:All')")).ShouldBe(0);

        // The inline projection carries on from the rebuilt state.
        var later = await ledger.ReceiveAsync(unit, "2025-03-20T08:00:00+07:00", channel: "online");
        await OkAsync($"/api/dossiers/{later}/resolution", new { at = "2025-03-21T08:00:00+07:00" });
        var figures = SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31"));
        figures.Received.Online.ShouldBe(2);
        figures.Resolved.Total.ShouldBe(3);
        (await ledger.GetAsync("/api/admin/verify")).Body.GetProperty("clean").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_rebuild_that_fails_midway_leaves_the_projections_as_they_were()
    {
        await UnitWithMovedFactsAsync();
        // A stream in the middle of the stream order whose first event is no receipt: the fold cannot start it.
        const string broken = "80000000-0000-0000-0000-000000000000";
        (await ScalarAsync($"SELECT count(*) FROM mt_streams WHERE id < '{broken}'")).ShouldBeGreaterThan(2 * ProjectionRebuilder.DossiersPerBatch,
            "several batches are written before the fold reaches the broken stream");
        var before = await SnapshotAsync();
        await DirectSqlAsync(
            $"INSERT INTO mt_streams (id, type, version, tenant_id) VALUES ('{broken}', 'dossier', 1, '*DEFAULT*'); " +
            $"INSERT INTO mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type) " +
            $"SELECT 999999990, gen_random_uuid(), '{broken}', 1, data, type, timestamp, tenant_id, mt_dotnet_type " +
            $"FROM mt_events WHERE type = 'dossier_resolved' LIMIT 1");
        try
        {
            var rebuilder = ledger.Host.Services.GetRequiredService<ProjectionRebuilder>();
            await Should.ThrowAsync<ArgumentException>(() => rebuilder.RebuildAsync(null, CancellationToken.None));
        }
        finally
        {
            await DirectSqlAsync($"DELETE FROM mt_events WHERE stream_id = '{broken}'; DELETE FROM mt_streams WHERE id = '{broken}';");
        }

        ShouldBeTheSame(await SnapshotAsync(), before);
        // And the projection still counts what comes after.
        var unit = LedgerFixture.NewUnit();
        await ledger.ReceiveAsync(unit, "2025-03-20T08:00:00+07:00", channel: "online");
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31")).Received.Online.ShouldBe(1);
        (await ledger.GetAsync("/api/admin/verify")).Body.GetProperty("clean").GetBoolean().ShouldBeTrue();
    }
}

using System.Net;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Import;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Tests.Integration;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Procedures;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.Tests.Import;

/// <summary>The import against the real ledger: what is stored, what is turned away, what a second run does.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ImportTests(LedgerFixture ledger) : IDisposable
{
    private const string Header = "receipt_no,unit_code,procedure_code,status,action,channel,occurred_at,step,items,reason,return_method";
    private readonly string _folder = Directory.CreateTempSubdirectory("dossierledger-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(ImportSummary Summary, string[] Rejects)> ImportAsync(string text, string name = "histories.csv", bool dryRun = false)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, text);
        var services = ledger.Host.Services;
        var runner = new ImportRunner(
            new HistoryReplay(services.GetRequiredService<DossierDecider>(), services.GetRequiredService<ProcedureCatalogue>()),
            new ImportWriter(ledger.Store, "import-test", $"import-{name}"),
            services.GetRequiredService<IClock>());
        var rejects = path + ".rejects.csv";
        var summary = await runner.RunAsync(new ImportOptions(path, ImportRunner.FormatOf(path), rejects, dryRun, BatchEvents: 3), null, CancellationToken.None);
        return (summary, await File.ReadAllLinesAsync(rejects));
    }

    private async Task<IReadOnlyList<IDossierEvent>> StreamAsync(string unit, string receiptNo)
    {
        await using var session = ledger.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(ImportIds.StreamId(unit, receiptNo))).Select(e => (IDossierEvent)e.Data).ToList();
    }

    [Fact]
    public async Task Good_dossiers_are_stored_with_their_view_and_report_and_a_dossier_with_a_bad_row_is_left_out_whole()
    {
        var unit = LedgerFixture.NewUnit();
        // Rows of four dossiers, interleaved as an export by time would have them.
        var (summary, rejects) = await ImportAsync(string.Join('\n',
            Header,
            $"A,{unit},1.004873,2,,2,2025-03-10T08:00:00+07:00,,,,",              // line 2
            $"B,{unit},1.004873,2,,1,2025-03-10T08:30:00+07:00,,,,",              // 3
            $"A,{unit},,4,,,2025-03-10T09:00:00+07:00,Thẩm định,,,",              // 4
            $"D,{unit},1.004873,2,,3,2025-03-10T09:30:00+07:00,,,,",              // 5
            $"B,{unit},,5,,,2025-03-10T10:00:00+07:00,,Bản sao CCCD,,",           // 6
            $"A,{unit},,9,,,2025-03-11T10:00:00+07:00,,,,",                       // 7
            $"C,{unit},1.004873,2,,7,2025-03-11T10:30:00+07:00,,,,",              // 8: no such channel
            $"B,{unit},,9,,,2025-03-11T11:00:00+07:00,,,,",                       // 9: resolved while waiting for the supplement
            $"A,{unit},,10,,,2025-03-11T15:00:00+07:00,,,,1",                     // 10
            $"D,{unit},,7,,,2025-03-12T08:00:00+07:00,,,Công dân xin rút,",        // 11
            ""));

        summary.ShouldSatisfyAllConditions(
            s => s.Rows.ShouldBe(10), s => s.Dossiers.ShouldBe(4), s => s.Imported.ShouldBe(2), s => s.Rejected.ShouldBe(2),
            s => s.Events.ShouldBe(6), s => s.AlreadyPresent.ShouldBe(0));
        rejects[0].ShouldBe("line,unit_code,receipt_no,column,rule,message");
        rejects.Skip(1).Select(l => string.Join(',', l.Split(',').Take(5))).Order().ShouldBe(
        [
            $"8,{unit},C,channel,{ImportRules.InvalidValue}",
            $"9,{unit},B,status,{DossierRules.DossierPaused}",
        ]);

        (await StreamAsync(unit, "A")).Select(e => e.GetType()).ShouldBe(
            [typeof(DossierReceived), typeof(DossierAssigned), typeof(DossierResolved), typeof(ResultReturned)]);
        (await StreamAsync(unit, "B")).ShouldBeEmpty();
        (await StreamAsync(unit, "C")).ShouldBeEmpty();

        // The stored view is what Marten's own projection makes of the stored events.
        await using (var session = ledger.Store.QuerySession())
        {
            var id = ImportIds.StreamId(unit, "A");
            var stored = await session.LoadAsync<Dossier>(id);
            stored.ShouldNotBeNull().ShouldBe(await session.Events.AggregateStreamAsync<Dossier>(id));
            stored.Status.ShouldBe(DossierStatus.ResultReturned);
            stored.Channel.ShouldBe(Channel.Online);
        }

        var (status, view, _) = await ledger.GetAsync($"/api/dossiers/{ImportIds.StreamId(unit, "D")}");
        status.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("status").GetString().ShouldBe("withdrawn");
        view.GetProperty("receiptNo").GetString().ShouldBe("D");

        // The report counts them at once: two received (online, postal), one resolved early, one withdrawn.
        var figures = SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31"));
        figures.Received.ShouldSatisfyAllConditions(r => r.New.ShouldBe(2), r => r.Online.ShouldBe(1), r => r.Postal.ShouldBe(1));
        figures.Resolved.Early.ShouldBe(1);
        figures.ClosedOther.Withdrawn.ShouldBe(1);
        figures.Pending.Total.ShouldBe(0);

        await ShouldBeChainedAsync(unit, ["A", "D"], 6);
    }

    [Fact]
    public async Task Running_the_same_file_again_stores_nothing_twice_and_an_interrupted_run_is_finished_by_the_next()
    {
        var unit = LedgerFixture.NewUnit();
        string Row(string receipt, int status, string at, string extra = "") =>
            $$"""{"receipt_no":"{{receipt}}","unit_code":"{{unit}}","status":{{status}},"occurred_at":"{{at}}"{{extra}}}""";
        var first = Row("N1", 2, "2025-03-10T08:00:00+07:00", ",\"procedure_code\":\"1.004873\",\"channel\":2") + "\n"
            + Row("N1", 9, "2025-03-10T10:00:00+07:00");
        var rest = Row("N2", 2, "2025-03-10T08:00:00+07:00", ",\"procedure_code\":\"1.004873\",\"channel\":1") + "\n"
            + Row("N3", 1, "2025-03-09T21:00:00+07:00") + "\n"
            + Row("N3", 2, "2025-03-10T08:05:00+07:00", ",\"procedure_code\":\"1.004873\",\"channel\":2");

        // A run that stopped after its first batch left N1 stored.
        (await ImportAsync(first, "histories.ndjson")).Summary.Imported.ShouldBe(1);
        var events = await ledger.EventCountAsync();

        var (resumed, _) = await ImportAsync(first + "\n" + rest, "histories.ndjson");
        resumed.ShouldSatisfyAllConditions(
            s => s.AlreadyPresent.ShouldBe(1), s => s.Imported.ShouldBe(2), s => s.Events.ShouldBe(2), s => s.IgnoredRows.ShouldBe(1),
            s => s.Rejected.ShouldBe(0));
        (await ledger.EventCountAsync()).ShouldBe(events + 2);

        var (again, _) = await ImportAsync(first + "\n" + rest, "histories.ndjson");
        again.ShouldSatisfyAllConditions(s => s.AlreadyPresent.ShouldBe(3), s => s.Imported.ShouldBe(0), s => s.Events.ShouldBe(0));
        (await ledger.EventCountAsync()).ShouldBe(events + 2);
        (await StreamAsync(unit, "N1")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_receipt_number_the_unit_already_gave_another_dossier_is_rejected()
    {
        var unit = LedgerFixture.NewUnit();
        var (created, body, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00", receiptNo = "SAME-1" });
        created.ShouldBe(HttpStatusCode.Created, body.ToString());

        var (summary, rejects) = await ImportAsync(string.Join('\n',
            Header,
            $"SAME-1,{unit},1.004873,2,,1,2025-03-10T08:00:00+07:00,,,,",
            $"OTHER-1,{unit},1.004873,2,,1,2025-03-10T08:00:00+07:00,,,,"));

        summary.ShouldSatisfyAllConditions(s => s.Imported.ShouldBe(1), s => s.Rejected.ShouldBe(1));
        rejects.ShouldContain(l => l.StartsWith($"2,{unit},SAME-1,receipt_no,{DossierRules.DuplicateReceiptNo},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receipt_without_a_channel_is_imported_as_direct()
    {
        var unit = LedgerFixture.NewUnit();

        var (summary, _) = await ImportAsync(string.Join('\n', Header, $"NO-CHANNEL-1,{unit},1.004873,2,,,2025-03-10T08:00:00+07:00,,,,"));

        summary.Imported.ShouldBe(1);
        (await StreamAsync(unit, "NO-CHANNEL-1")).OfType<DossierReceived>().Single().Channel.ShouldBe(Channel.Direct);
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31")).Received.Direct.ShouldBe(1);
    }

    [Fact]
    public async Task A_dry_run_checks_everything_and_stores_nothing()
    {
        var unit = LedgerFixture.NewUnit();
        var events = await ledger.EventCountAsync();
        var (summary, rejects) = await ImportAsync(string.Join('\n',
            Header,
            $"D1,{unit},1.004873,2,,1,2025-03-10T08:00:00+07:00,,,,",
            $"D2,{unit},9.999999,2,,1,2025-03-10T08:00:00+07:00,,,,"), dryRun: true);

        summary.ShouldSatisfyAllConditions(s => s.DryRun.ShouldBeTrue(), s => s.Imported.ShouldBe(1), s => s.Rejected.ShouldBe(1));
        rejects.Length.ShouldBe(2);
        (await ledger.EventCountAsync()).ShouldBe(events);
    }

    /// <summary>A whole demo-commune history, exported and imported under a new unit: the report gives the commune's figures.</summary>
    [Fact]
    public async Task An_imported_commune_reports_the_figures_of_its_history()
    {
        var unit = LedgerFixture.NewUnit();
        var services = ledger.Host.Services;
        var streams = new DemoCommune(ProcedureCatalogueFile.Load(), services.GetRequiredService<DossierDecider>(), unit)
            .Generate(11, SystemClock.Instance.GetCurrentInstant());
        var text = new StringWriter();
        var writer = new ImportFileWriter(text, ImportFormat.Csv);
        foreach (var stream in streams)
        {
            writer.Write(stream);
        }

        var path = Path.Combine(_folder, "commune.csv");
        await File.WriteAllTextAsync(path, text.ToString());
        var runner = new ImportRunner(
            new HistoryReplay(services.GetRequiredService<DossierDecider>(), services.GetRequiredService<ProcedureCatalogue>()),
            new ImportWriter(ledger.Store, "import-test", "import-commune"), services.GetRequiredService<IClock>());
        var summary = await runner.RunAsync(new ImportOptions(path, ImportFormat.Csv, path + ".rejects.csv"), null, CancellationToken.None);

        summary.Imported.ShouldBe(streams.Count);
        summary.Events.ShouldBe(streams.Sum(s => s.Count));
        var from = DemoCommune.From.ToString("yyyy-MM-dd", null);
        var to = DemoCommune.To.ToString("yyyy-MM-dd", null);
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, from, to)).ShouldBe(DemoCommune.Expected);
    }

    /// <summary>Once the linker has run, every imported event has its link in the chain, after the link before it.</summary>
    private async Task ShouldBeChainedAsync(string unit, string[] receipts, int events)
    {
        await ledger.Host.Services.GetRequiredService<DossierLedger.Api.Audit.ChainLinker>().LinkPendingAsync(wait: true, CancellationToken.None);
        await using var connection = (NpgsqlConnection)ledger.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE c.hash = dl_chain_hash(current_setting('dl.chain_key'), c.prev_hash, e)
                                      AND c.prev_hash = (SELECT p.hash FROM dl_event_chain p WHERE p.position < c.position ORDER BY p.position DESC LIMIT 1))
            FROM mt_events e JOIN dl_event_chain c USING (seq_id)
            WHERE e.stream_id = ANY(@ids)
            """, connection);
        command.Parameters.AddWithValue("ids", receipts.Select(r => ImportIds.StreamId(unit, r)).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).ShouldBe(events);
        reader.GetInt64(1).ShouldBe(events);
    }
}

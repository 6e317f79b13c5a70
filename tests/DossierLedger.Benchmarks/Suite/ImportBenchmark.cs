using System.Globalization;
using DossierLedger.Api.Hosting;
using Npgsql;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>Events stored per second by one way of loading a history into an empty ledger.</summary>
public sealed record LoadResult(string Method, long Events, TimeSpan Elapsed)
{
    public double PerSecond => Events / Elapsed.TotalSeconds;
}

/// <summary>
/// The <c>import</c> command on a generated file of other systems' histories (parsing, validating, replaying each
/// dossier through the decider, writing events, documents and report counters), beside Marten's own
/// <c>BulkInsertEventsAsync</c> appending the same kind of histories without projections (<c>load-synthetic</c>),
/// each into an empty database.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(Workspace workspace, int units, Action<string> say)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dossierledger-bench-import-{units}.csv");
        var imported = await LocalPostgres.EnsureDatabaseAsync("dossierledger_bench_import", fresh: true);
        var unitCount = units.ToString(CultureInfo.InvariantCulture);
        say($"import: generating {units} units of histories");
        await workspace.RunAsync(imported, "generate-import", file, "--units", unitCount);
        try
        {
            say("import: importing them");
            var import = (await workspace.RunAsync(imported, "import", file)).Elapsed;
            var baseline = await LocalPostgres.EnsureDatabaseAsync("dossierledger_bench_bulk", fresh: true);
            say("import: Marten's bulk insert of the same number of units");
            var bulk = (await workspace.RunAsync(baseline, "load-synthetic", "--units", unitCount)).Elapsed;
            return
            [
                new LoadResult("`import` of a CSV file (validated, replayed, with documents and counters)", await EventsAsync(imported), import),
                new LoadResult("Marten `BulkInsertEventsAsync` (`load-synthetic`; events only, no projections)", await EventsAsync(baseline), bulk),
            ];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<long> EventsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

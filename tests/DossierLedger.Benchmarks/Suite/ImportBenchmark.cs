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
    /// <summary>
    /// Each way <paramref name="pairs"/> times, alternating (import, then bulk insert), each run's whole command timed
    /// (both start a host); the median run of each.
    /// </summary>
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(Workspace workspace, int units, int pairs, Action<string> say)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dossierledger-bench-import-{units}.csv");
        var imported = await LocalPostgres.EnsureDatabaseAsync("dossierledger_bench_import", fresh: true);
        var unitCount = units.ToString(CultureInfo.InvariantCulture);
        say($"import: generating {units} units of histories");
        await workspace.RunAsync(imported, "generate-import", file, "--units", unitCount);
        try
        {
            var (imports, bulks) = (new List<LoadResult>(), new List<LoadResult>());
            for (var pair = 1; pair <= pairs; pair++)
            {
                imported = await LocalPostgres.EnsureDatabaseAsync("dossierledger_bench_import", fresh: true);
                say($"import: importing them ({pair}/{pairs})");
                var import = (await workspace.RunAsync(imported, "import", file)).Elapsed;
                imports.Add(new LoadResult("`import` of a CSV file (validated, replayed, with documents and counters)", await EventsAsync(imported), import));
                var baseline = await LocalPostgres.EnsureDatabaseAsync("dossierledger_bench_bulk", fresh: true);
                say($"import: Marten's bulk insert of the same number of units ({pair}/{pairs})");
                var bulk = (await workspace.RunAsync(baseline, "load-synthetic", "--units", unitCount, "--leave-pending")).Elapsed;
                bulks.Add(new LoadResult("Marten `BulkInsertEventsAsync` (`load-synthetic --leave-pending`; events only, no projections; each event fingerprinted, the linking into the hash chain left to the linker, as the import leaves it)", await EventsAsync(baseline), bulk));
                say($"import: pair {pair}: import {imports[^1].PerSecond:F0} events/s, bulk insert {bulks[^1].PerSecond:F0} events/s ({imports[^1].PerSecond / bulks[^1].PerSecond:F2}x)");
            }

            LoadResult Median(List<LoadResult> runs) => runs.OrderBy(r => r.PerSecond).ElementAt(runs.Count / 2);
            var (i, b) = (Median(imports), Median(bulks));
            say($"import: medians of {pairs}: import {i.PerSecond:F0} events/s, bulk insert {b.PerSecond:F0} events/s ({i.PerSecond / b.PerSecond:F2}x)");
            return [i, b];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<long> EventsAsync(string connectionString)
    {
        // Unpooled: the next pair drops and creates the database again, which ends a pooled connection to it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM mt_events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

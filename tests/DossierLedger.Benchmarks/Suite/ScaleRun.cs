using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using Marten.Events;
using Npgsql;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>
/// A synthetic ledger's size: how many demo-commune-sized units (about 15,000 dossiers, 80,600 events each). A
/// facts-only ledger holds the report facts and counters of its dossiers but not their events (at 10M the log, its
/// documents and its chain would need about 60 GB, and a rebuild as much again): only reports are measured on it.
/// </summary>
public sealed record Scale(string Name, int Units, bool FactsOnly = false)
{
    public static readonly IReadOnlyDictionary<string, Scale> Known = new Dictionary<string, Scale>(StringComparer.OrdinalIgnoreCase)
    {
        ["15k"] = new("15k", 1),
        ["1m"] = new("1m", 67),
        ["10m"] = new("10m", 665, FactsOnly: true),
    };
}

/// <summary>Everything measured on one ledger.</summary>
public sealed record ScaleResult(
    Scale Scale, long Dossiers, long Events, TimeSpan? Load, TimeSpan? Rebuild, TimeSpan? DaemonRebuild, TimeSpan? ChainVerify, TimeSpan? Verify,
    IReadOnlyList<ReportTimings> Reports, int Asks, int Mismatches, IReadOnlyList<StreamResult> Streams, double StreamingPeakMemory,
    IReadOnlyList<IngestResult> Ingest, double IngestPeakMemory, IReadOnlyList<TimeSpan> ColdStarts, double IdleMemory)
{
    /// <summary>The report builder's asks (none on a ledger of facts only: the tracking book reads the documents).</summary>
    public BuilderResult? Builder { get; init; }

    /// <summary>The public lookup (none on a ledger of facts only: it reads the documents).</summary>
    public LookupResult? Lookup { get; init; }
}

/// <summary>Builds (or reuses) one synthetic ledger and measures it, each figure beside its baseline from the same run.</summary>
public sealed partial class ScaleRun(Workspace workspace, Scale scale, bool reuse, Action<string> say)
{
    private const int Clients = 16;

    /// <summary>
    /// The load driver is one client with many connections: neither the per-token limit nor the public lookup's limit per
    /// client address is what is measured.
    /// </summary>
    private static readonly Dictionary<string, string> Settings = new(LookupBenchmark.Settings)
    {
        ["Http__RateLimit__Burst"] = "10000000",
        ["Http__RateLimit__PerSecond"] = "10000000",
    };

    /// <summary>How many random dossiers the lookup is timed on, and how many times each.</summary>
    private const int LookupDossiers = 200;

    private const int LookupRounds = 3;

    public async Task<ScaleResult> RunAsync()
    {
        var database = $"dossierledger_bench_{scale.Name.ToLowerInvariant()}";
        var connectionString = await LocalPostgres.EnsureDatabaseAsync(database, fresh: !reuse);
        TimeSpan? load = null, rebuild = null, daemonRebuild = null;
        if (!reuse || await CountAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'mt_events'") == 0)
        {
            var units = scale.Units.ToString(CultureInfo.InvariantCulture);
            if (scale.FactsOnly)
            {
                say($"{scale.Name}: loading the facts of {scale.Units} synthetic units (no events)");
                await workspace.RunAsync(connectionString, "load-synthetic", "--units", units, "--facts-only");
            }
            else
            {
                say($"{scale.Name}: loading {scale.Units} synthetic units through Marten's bulk COPY path");
                load = (await workspace.RunAsync(connectionString, "load-synthetic", "--units", units)).Elapsed;
                if (scale.Units <= 1)
                {
                    say($"{scale.Name}: rebuilding with Marten's projection daemon (baseline)");
                    daemonRebuild = await DaemonRebuildAsync(connectionString);
                }

                say($"{scale.Name}: rebuilding with the ledger's rebuild command");
                rebuild = await TimedRebuildAsync(connectionString);
            }
        }

        // The chain is verified and the counters are checked against the events before anything is timed; the load linked
        // its events itself, so the API's linker is not still chaining it in the background while reports are measured.
        TimeSpan? chainVerify = null, verify = null;
        if (!scale.FactsOnly)
        {
            say($"{scale.Name}: verifying the hash chain, then checking every counter against the events");
            chainVerify = (await workspace.RunAsync(connectionString, "verify-chain")).Elapsed;
            verify = (await workspace.RunAsync(connectionString, "verify")).Elapsed;
        }

        var dossiers = await CountAsync(connectionString, "SELECT count(*) FROM dl_dossier_facts");
        var events = await CountAsync(connectionString, "SELECT count(*) FROM mt_events");
        var token = TokenPattern().Match((await workspace.RunAsync(connectionString, "token", "--name", "bench-admin", "--role", "admin")).Output).Value;

        var coldStarts = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            await using var probe = await ApiProcess.StartAsync(workspace, connectionString, token, Settings);
            coldStarts.Add(probe.ColdStart);
        }

        await using var api = await ApiProcess.StartAsync(workspace, connectionString, token, Settings);
        coldStarts.Add(api.ColdStart);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = api.Memory().Resident;
        say($"{scale.Name}: cold starts {string.Join(", ", coldStarts.Select(c => $"{c.TotalSeconds:F2} s"))}, idle {idle:F0} MiB");

        var (reports, asks, mismatches) = await ReportsAsync(connectionString, api, token);
        if (scale.FactsOnly)
        {
            return new ScaleResult(scale, dossiers, events, load, rebuild, daemonRebuild, chainVerify, verify, reports, asks, mismatches, [], double.NaN,
                [], double.NaN, coldStarts, idle);
        }

        say($"{scale.Name}: audit streaming");
        var streams = new List<StreamResult> { await AuditBenchmark.HttpAsync(api.Client, token), await AuditBenchmark.CopyAsync(connectionString) };
        var streamingPeak = api.Memory().Peak;
        var builder = await BuilderAsync(api, token);
        var lookup = await LookupAsync(api, connectionString, token);

        var (ingest, ingestPeak) = await IngestAsync(api, connectionString, database, token, Settings);
        return new ScaleResult(scale, dossiers, events, load, rebuild, daemonRebuild, chainVerify, verify, reports, asks, mismatches, streams, streamingPeak,
            ingest, ingestPeak, coldStarts, idle)
        {
            Builder = builder,
            Lookup = lookup,
        };
    }

    /// <summary>
    /// Only the public lookup's figures, on the ledger an earlier run left (loaded and rebuilt first if there is none;
    /// writes no document).
    /// </summary>
    public async Task<LookupResult> LookupOnlyAsync()
    {
        var database = $"dossierledger_bench_{scale.Name.ToLowerInvariant()}";
        var connectionString = await LocalPostgres.EnsureDatabaseAsync(database);
        if (await CountAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'mt_events'") == 0)
        {
            say($"{scale.Name}: loading {scale.Units} synthetic units, then rebuilding their projections");
            await workspace.RunAsync(connectionString, "load-synthetic", "--units", scale.Units.ToString(CultureInfo.InvariantCulture));
            await TimedRebuildAsync(connectionString);
        }

        var token = TokenPattern().Match((await workspace.RunAsync(connectionString, "token", "--name", "bench-admin", "--role", "admin")).Output).Value;
        await using var api = await ApiProcess.StartAsync(workspace, connectionString, token, Settings);
        return await LookupAsync(api, connectionString, token);
    }

    private async Task<LookupResult> LookupAsync(ApiProcess api, string connectionString, string token)
    {
        say($"{scale.Name}: the public lookup beside the dossier view, {LookupDossiers} random dossiers, {LookupRounds} rounds");
        var result = await LookupBenchmark.RunAsync(api, connectionString, token, LookupDossiers, LookupRounds);
        say($"{scale.Name}: lookup {Describe(result.Found)}, dossier view (baseline) {Describe(result.View)}");
        say($"{scale.Name}: wrong number median {result.WrongNumber.Median:F2} ms, wrong secret median {result.WrongSecret.Median:F2} ms");
        return result;
    }

    private static string Describe(Samples samples) => $"p50 {samples.Median:F2} ms, p95 {samples.Percentile(95):F2} ms";

    /// <summary>Only the ingest figures, on a ledger an earlier run left (for tuning the write path; writes no document).</summary>
    public async Task<IReadOnlyList<IngestResult>> IngestOnlyAsync()
    {
        var database = $"dossierledger_bench_{scale.Name.ToLowerInvariant()}";
        var connectionString = await LocalPostgres.EnsureDatabaseAsync(database);
        var token = TokenPattern().Match((await workspace.RunAsync(connectionString, "token", "--name", "bench-admin", "--role", "admin")).Output).Value;
        await using var api = await ApiProcess.StartAsync(workspace, connectionString, token, Settings);
        return (await IngestAsync(api, connectionString, database, token, Settings)).Results;
    }

    /// <summary>Only the report builder's figures, on a ledger an earlier run left (writes no document).</summary>
    public async Task<BuilderResult> BuilderOnlyAsync()
    {
        var database = $"dossierledger_bench_{scale.Name.ToLowerInvariant()}";
        var connectionString = await LocalPostgres.EnsureDatabaseAsync(database);
        var token = TokenPattern().Match((await workspace.RunAsync(connectionString, "token", "--name", "bench-admin", "--role", "admin")).Output).Value;
        await using var api = await ApiProcess.StartAsync(workspace, connectionString, token, Settings);
        return await BuilderAsync(api, token);
    }

    private async Task<BuilderResult> BuilderAsync(ApiProcess api, string token)
    {
        say($"{scale.Name}: the report builder's files, drill-downs and tracking book; the desk's forms");
        var communes = Enumerable.Range(1, scale.Units).Select(u => $"SYN{u:D3}").ToList();
        var result = await ReportBuilderBenchmark.RunAsync(api, token, communes, "SYN");
        result = result with
        {
            Latencies =
            [
                .. result.Latencies, .. await DashboardBenchmark.RunAsync(api, token, communes[^1], "SYN", rounds: 10),
                .. await FormBenchmark.RunAsync(api, token, communes, dossiers: 200),
            ],
        };
        foreach (var t in result.Latencies)
        {
            say($"{scale.Name}: {t.Method}: commune {t.Commune.Describe()}, province {t.Province.Describe()}");
        }

        foreach (var b in result.Books)
        {
            say($"{scale.Name}: tracking book {b.Method}: {b.Lines:N0} rows, {b.Bytes / 1e6:F1} MB in {b.Elapsed.TotalSeconds:F1} s = {b.MegabytesPerSecond:F1} MB/s");
        }

        say($"{scale.Name}: resident {result.IdleMemory:F0} MiB before the books, peak {result.BookPeakMemory:F0} MiB");
        return result;
    }

    /// <summary>
    /// The ledger's commands on <paramref name="api"/> (which this stops), bare Marten beside them, then the same commands
    /// on a node with async projections over a copy of the ledger: a write there commits its events only.
    /// </summary>
    private async Task<(IReadOnlyList<IngestResult> Results, double Peak)> IngestAsync(
        ApiProcess api, string connectionString, string database, string token, IReadOnlyDictionary<string, string> settings)
    {
        var units = Enumerable.Range(1, scale.Units).Select(u => $"SYN{u:D3}").ToList();
        say($"{scale.Name}: ingest at {Clients} clients");
        var ingest = new List<IngestResult>
        {
            await IngestBenchmark.HttpAsync(api.Client, token, units, Clients, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)),
        };
        var peak = api.Memory().Peak;
        ingest.Add(await IngestBenchmark.BareMartenAsync(connectionString, Clients, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));

        say($"{scale.Name}: ingest at {Clients} clients with async projections");
        await api.DisposeAsync();
        var copy = await CopyDatabaseAsync(connectionString, database, $"{database}_async");
        await using (var node = await ApiProcess.StartAsync(workspace, copy, token, new Dictionary<string, string>(settings) { ["Projections__Mode"] = "Async" }))
        {
            var result = await IngestBenchmark.HttpAsync(node.Client, token, units, Clients, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
            ingest.Add(result with { Method = "ledger HTTP commands, async projections (one node)" });
        }

        await DropDatabaseAsync(connectionString, $"{database}_async");
        foreach (var result in ingest)
        {
            say($"{scale.Name}: {result.Method}: {result.PerSecond:F0}/s, p50 {result.Latency.Percentile(50):F1} ms, p99 {result.Latency.Percentile(99):F1} ms, {result.Failures} failed");
        }

        return (ingest, peak);
    }

    private async Task<(IReadOnlyList<ReportTimings> Timings, int Asks, int Mismatches)> ReportsAsync(string connectionString, ApiProcess api, string token)
    {
        using var store = Store(connectionString);
        var bench = new ReportBenchmark(store, connectionString);
        var registry = await bench.RegistryAsync();
        var communes = Enumerable.Range(1, scale.Units).Select(u => $"SYN{u:D3}").ToList();
        var asks = ReportBenchmark.Asks(communes, "SYN", 300, seed: 6);
        say($"{scale.Name}: {asks.Count} reports, every way");
        await bench.CreateFlatTableAsync();
        var (counters, flat, naive, perCommune) = (new Dictionary<ReportAsk, PeriodFigures>(), new Dictionary<ReportAsk, PeriodFigures>(),
            new Dictionary<ReportAsk, PeriodFigures>(), new Dictionary<ReportAsk, PeriodFigures>());
        await bench.CountersAsync(asks.Take(20).ToList(), registry, []); // warm-up: connections, plans, caches
        await bench.FlatTableAsync(asks.Take(20).ToList(), registry, []);
        var timings = new List<ReportTimings>
        {
            await bench.CountersAsync(asks, registry, counters),
            await ReportBenchmark.HttpAsync(api.Client, token, asks),
            await bench.PerCommuneAsync(asks, registry, perCommune),
            await bench.FlatTableAsync(asks, registry, flat),
        };
        if (!scale.FactsOnly)
        {
            timings.Add(await bench.NaiveFoldAsync(asks, registry, TimeSpan.FromSeconds(90), naive));
        }

        var mismatches = asks.Count(a => counters[a] != flat[a])
            + naive.Concat(perCommune).Count(other => counters[other.Key] != other.Value);
        return (timings, asks.Count, mismatches);
    }

    /// <summary>A copy of the ledger's database (PostgreSQL's template copy), for a run that would change it.</summary>
    private static async Task<string> CopyDatabaseAsync(string connectionString, string source, string target)
    {
        NpgsqlConnection.ClearAllPools();
        await DropDatabaseAsync(connectionString, target);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{target}\" TEMPLATE \"{source}\"", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = target }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string connectionString, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static DocumentStore Store(string connectionString) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        HostSetup.ConfigureStore(options);
    });

    /// <summary>
    /// The rebuild as the command times it (emptying the tables to committing the counters), without starting its host:
    /// the same span <see cref="DaemonRebuildAsync"/> times of the daemon.
    /// </summary>
    private async Task<TimeSpan> TimedRebuildAsync(string connectionString)
    {
        var output = (await workspace.RunAsync(connectionString, "rebuild")).Output;
        return TimeSpan.FromSeconds(double.Parse(RebuiltPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Only the rebuild against its baseline, in alternating pairs (daemon, then <c>rebuild</c>), on the ledger an
    /// earlier run left (loaded first if there is none); prints each pair and the medians, and writes no document.
    /// </summary>
    public async Task RebuildOnlyAsync(int pairs)
    {
        var connectionString = await LocalPostgres.EnsureDatabaseAsync($"dossierledger_bench_{scale.Name.ToLowerInvariant()}");
        if (await CountAsync(connectionString, "SELECT count(*) FROM pg_tables WHERE tablename = 'mt_events'") == 0)
        {
            say($"{scale.Name}: loading {scale.Units} synthetic units");
            await workspace.RunAsync(connectionString, "load-synthetic", "--units", scale.Units.ToString(CultureInfo.InvariantCulture));
        }

        var (daemon, rebuild) = (new List<double>(), new List<double>());
        for (var pair = 1; pair <= pairs; pair++)
        {
            daemon.Add((await DaemonRebuildAsync(connectionString)).TotalSeconds);
            rebuild.Add((await TimedRebuildAsync(connectionString)).TotalSeconds);
            say($"{scale.Name}: pair {pair}: daemon {daemon[^1]:F2} s, rebuild {rebuild[^1]:F2} s ({daemon[^1] / rebuild[^1]:F1}x)");
        }

        var (d, r) = (Median(daemon), Median(rebuild));
        say($"{scale.Name}: medians of {pairs} pairs: daemon {d:F2} s, rebuild {r:F2} s: rebuild {d / r:F1}x faster");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>
    /// The projections rebuilt the way Marten does it out of the box: the emptied projection replayed from the first
    /// event by its async daemon, as an async node catches up. (Marten's own rebuild skips a projection's side effects,
    /// and with them the facts and counters: it would not be the same work.)
    /// </summary>
    private static async Task<TimeSpan> DaemonRebuildAsync(string connectionString)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            HostSetup.ConfigureStore(options, ProjectionMode.Async);
        });
        var documents = ((IDocumentStore)store).Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;
        var watch = Stopwatch.StartNew();
        await CountAsync(connectionString, $"""
            TRUNCATE {documents}, {DossierFactsTable.Name}, {CounterTables.Detailed}, {CounterTables.Units}, {CounterTables.Changes};
            DELETE FROM mt_event_progression; SELECT 0
            """);
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromHours(1));
        await daemon.StopAllAsync();
        return watch.Elapsed;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("dl_[A-Za-z0-9_-]+")]
    internal static partial Regex TokenPattern();

    [GeneratedRegex(@"Rebuilt from \S+ events in ([\d.]+) s")]
    private static partial Regex RebuiltPattern();
}

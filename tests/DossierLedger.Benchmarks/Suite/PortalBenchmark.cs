using System.Diagnostics;
using System.Globalization;
using DossierLedger.Api.Hosting;
using Npgsql;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>One pair of ingest runs, the feed off then on, and how the feed kept up in the second.</summary>
/// <param name="Drain">From the end of the load until the feed's queue was empty: the lag at that load.</param>
/// <param name="Calls">Calls the portal answered during the run with the feed on (load and drain).</param>
public sealed record PortalPair(IngestResult Off, IngestResult On, TimeSpan Drain, int Calls, int Steps);

/// <summary>The backfill of the demo commune, and the command pairs.</summary>
/// <param name="Backfill">The whole <c>national-portal-backfill</c> command (a host's start included).</param>
/// <param name="Resume">The same command again, with nothing left to send.</param>
public sealed record PortalResult(int Dossiers, int Steps, int BackfillCalls, TimeSpan Backfill, TimeSpan Resume, IReadOnlyList<PortalPair> Pairs)
{
    public PortalPair Median => Pairs.OrderBy(p => p.On.PerSecond / p.Off.PerSecond).ElementAt(Pairs.Count / 2);
}

/// <summary>
/// The national-portal feed against the stand-in portal, on the demo commune (15,037 dossiers): the backfill of its
/// whole history, then HTTP commands at 16 clients with the feed off and on, in alternating pairs on the same ledger,
/// and how long the feed took to drain its queue once the load stopped.
/// </summary>
public static class PortalBenchmark
{
    private const int Clients = 16;

    /// <summary>
    /// Long enough for the JIT to be done with both modes: at this load a fresh API process compiled code for about 20 s
    /// with the feed off and about 40 s with it on (the feed's paths run once a batch, so they reach the optimising tier
    /// late), nearly a core's worth meanwhile. A shorter warm-up measured that start-up cost, not the feed's.
    /// </summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Load = TimeSpan.FromSeconds(30);

    public static async Task<PortalResult> RunAsync(Workspace workspace, int pairs, Action<string> say)
    {
        var connectionString = await LocalPostgres.EnsureDatabaseAsync("dossierledger_bench_portal", fresh: true);
        say("portal: loading the demo commune");
        await workspace.RunAsync(connectionString, "seed-demo");
        var token = ScaleRun.TokenPattern().Match((await workspace.RunAsync(connectionString, "token", "--name", "bench-admin", "--role", "admin")).Output).Value;
        await using var portal = await StandInPortal.StandInPortal.StartAsync();
        var feed = new Dictionary<string, string>(portal.LedgerSettings("__"));

        say("portal: the backfill of the demo commune");
        var backfill = (await workspace.RunAsync(connectionString, feed, "national-portal-backfill", "--unit", "KP")).Elapsed;
        var (dossiers, steps, calls) = (portal.DossierCount, portal.StepCount, portal.Calls);
        var resume = (await workspace.RunAsync(connectionString, feed, "national-portal-backfill", "--unit", "KP")).Elapsed;
        say(string.Create(CultureInfo.InvariantCulture, $"portal: backfill {dossiers:N0} dossiers, {steps:N0} steps in {backfill.TotalSeconds:F1} s; again {resume.TotalSeconds:F1} s"));

        var results = new List<PortalPair>();
        var limits = new Dictionary<string, string> { ["Http__RateLimit__Burst"] = "10000000", ["Http__RateLimit__PerSecond"] = "10000000" };
        for (var pair = 1; pair <= pairs; pair++)
        {
            var off = await IngestAsync(workspace, connectionString, token, limits);
            var (callsBefore, stepsBefore) = (portal.Calls, portal.StepCount);
            IngestResult on;
            TimeSpan drain;
            await SettleAsync(connectionString);
            await using (var api = await ApiProcess.StartAsync(workspace, connectionString, token, new Dictionary<string, string>(limits.Concat(feed))))
            {
                on = await IngestBenchmark.HttpAsync(api.Client, token, ["KP"], Clients, WarmUp, Load);
                drain = await DrainAsync(connectionString);
            }

            results.Add(new PortalPair(off, on, drain, portal.Calls - callsBefore, portal.StepCount - stepsBefore));
            say(string.Create(CultureInfo.InvariantCulture,
                $"portal: pair {pair}: commands {off.PerSecond:F0}/s off, {on.PerSecond:F0}/s on ({on.PerSecond / off.PerSecond:F2}x); queue drained {drain.TotalSeconds:F1} s after the load; {portal.Calls - callsBefore} calls, {portal.StepCount - stepsBefore} steps"));
        }

        if (portal.Violations.Count > 0)
        {
            throw new InvalidOperationException($"The stand-in portal saw the contract broken: {string.Join("; ", portal.Violations.Take(5))}");
        }

        return new PortalResult(dossiers, steps, calls, backfill, resume, results);
    }

    private static async Task<IngestResult> IngestAsync(Workspace workspace, string connectionString, string token, IReadOnlyDictionary<string, string> settings)
    {
        await SettleAsync(connectionString);
        await using var api = await ApiProcess.StartAsync(workspace, connectionString, token, settings);
        return await IngestBenchmark.HttpAsync(api.Client, token, ["KP"], Clients, WarmUp, Load);
    }

    /// <summary>
    /// Vacuums the ledger and writes every dirty page out before a run: each run then starts with no maintenance due,
    /// instead of one run paying for the autovacuum and the checkpoint the runs before it made due.
    /// </summary>
    private static async Task SettleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM (ANALYZE); CHECKPOINT", connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until no delivery is waiting in the durable inbox; how long that took.</summary>
    private static async Task<TimeSpan> DrainAsync(string connectionString)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM wolverine_incoming_envelopes WHERE status <> 'Handled'", connection);
        while ((long)(await command.ExecuteScalarAsync())! > 0)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The feed's queue did not drain within 10 minutes.");
            }

            await Task.Delay(100);
        }

        return watch.Elapsed;
    }
}

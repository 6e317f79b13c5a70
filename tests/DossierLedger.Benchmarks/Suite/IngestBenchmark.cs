using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx;
using Marten;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>Commands per second at a fixed concurrency, with their latencies.</summary>
public sealed record IngestResult(string Method, int Clients, double PerSecond, Samples Latency, int Failures);

/// <summary>What a baseline writer appends: one small event per new stream.</summary>
public sealed record BenchmarkEvent(Guid Id, string UnitCode, DateTimeOffset At);

/// <summary>
/// Ingest at a fixed number of concurrent clients: the ledger's HTTP commands (a receipt, then its resolution),
/// and beside it bare Marten appending one event per transaction, no HTTP, no projections, no hash chain.
/// </summary>
public static class IngestBenchmark
{
    /// <summary>Procedures of several fields, so that desks do not all count into the same counter rows.</summary>
    private static readonly string[] Procedures = ["1.001193", "1.000894", "1.004873", "1.003583", "1.001022", "2.000815", "2.000884", "1.012790"];

    /// <summary>Receipts spread over <paramref name="units"/> and several procedures, as many desks at once would send them.</summary>
    public static async Task<IngestResult> HttpAsync(HttpClient client, string token, IReadOnlyList<string> units, int clients, TimeSpan warmUp, TimeSpan duration)
    {
        var sent = 0;
        return await RunAsync($"ledger HTTP commands (receive, then resolve)", clients, warmUp, duration, async latency =>
        {
            var n = Interlocked.Increment(ref sent);
            var body = new { unitCode = units[n % units.Count], procedureCode = Procedures[n / units.Count % Procedures.Length], channel = "direct" };
            var watch = Stopwatch.StartNew();
            using var receive = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers") { Content = JsonContent.Create(body) };
            receive.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var received = await client.SendAsync(receive);
            latency(watch.Elapsed, received.IsSuccessStatusCode);
            if (!received.IsSuccessStatusCode)
            {
                return;
            }

            var id = (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            watch.Restart();
            using var resolve = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/resolution") { Content = JsonContent.Create(new { }) };
            resolve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var resolved = await client.SendAsync(resolve);
            latency(watch.Elapsed, resolved.IsSuccessStatusCode);
        });
    }

    public static async Task<IngestResult> BareMartenAsync(string connectionString, int clients, TimeSpan warmUp, TimeSpan duration)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = "bench_bare";
            options.AutoCreateSchemaObjects = AutoCreate.All;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return await RunAsync("bare Marten: one event per transaction, no HTTP", clients, warmUp, duration, async latency =>
        {
            var watch = Stopwatch.StartNew();
            await using var session = store.LightweightSession();
            var id = Guid.CreateVersion7();
            session.Events.StartStream(id, new BenchmarkEvent(id, "SYN001", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
            latency(watch.Elapsed, true);
        });
    }

    /// <summary>Runs <paramref name="clients"/> loops of <paramref name="step"/>; only what completes after the warm-up is counted.</summary>
    private static async Task<IngestResult> RunAsync(
        string method, int clients, TimeSpan warmUp, TimeSpan duration, Func<Action<TimeSpan, bool>, Task> step)
    {
        var samples = new Samples();
        var failures = 0;
        var counted = 0;
        var clock = Stopwatch.StartNew();
        var end = warmUp + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < end)
            {
                await step((elapsed, ok) =>
                {
                    if (clock.Elapsed < warmUp || clock.Elapsed > end)
                    {
                        return;
                    }

                    Interlocked.Increment(ref counted);
                    if (ok)
                    {
                        samples.Add(elapsed.TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref failures);
                    }
                });
            }
        })));
        return new IngestResult(method, clients, counted / duration.TotalSeconds, samples, failures);
    }
}

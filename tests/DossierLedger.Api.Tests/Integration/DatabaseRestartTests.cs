using System.Diagnostics;
using System.Net;
using DossierLedger.Api.Hosting;
using Marten;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// PostgreSQL restarted under load: requests fail fast with a 503 problem while it is down, the API recovers
/// by itself, and every write it acknowledged is in the ledger afterwards.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DatabaseRestartTests(LedgerFixture ledger)
{
    [Fact]
    public async Task Acknowledged_writes_survive_a_restart_and_failures_are_fast_503s()
    {
        Environment.GetEnvironmentVariable("ConnectionStrings__DossierLedgerTests")
            .ShouldBeNull("this test restarts the embedded cluster and needs it");
        var unit = LedgerFixture.NewUnit();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var failures = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, string? Type, TimeSpan Took)>();
        using var stop = new CancellationTokenSource();

        async Task WriterAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var (status, body, response) = await ledger.PostAsync("/api/dossiers",
                    new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" });
                if (status == HttpStatusCode.Created)
                {
                    acknowledged.Add(body.GetProperty("id").GetGuid());
                }
                else
                {
                    failures.Add((status, response.Content.Headers.ContentType?.MediaType, watch.Elapsed));
                    await Task.Delay(50);
                }
            }
        }

        var logsBefore = ledger.Logs.Events.Count;
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(WriterAsync)).ToList();
        await Task.Delay(1500);
        var beforeRestart = acknowledged.Count;
        await LocalPostgres.RestartAsync(TimeSpan.FromSeconds(3));
        var restarted = Stopwatch.StartNew();

        // Recovery: the first acknowledged write after the database is back.
        var afterRestart = acknowledged.Count;
        while (acknowledged.Count == afterRestart && restarted.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        var recovery = restarted.Elapsed;
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        beforeRestart.ShouldBeGreaterThan(0);
        failures.ShouldNotBeEmpty("the restart should have been noticed");
        failures.ShouldAllBe(f => f.Status == HttpStatusCode.ServiceUnavailable && f.Type == "application/problem+json");
        failures.Max(f => f.Took).ShouldBeLessThan(TimeSpan.FromSeconds(5), "failures are fast");
        recovery.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the API recovers by itself");

        // Each request is logged once with the status its client got, and none as an error: the database's absence is
        // told by the 503s and by the background agents that could not reach it.
        var expected = new[] { ((int)HttpStatusCode.Created, acknowledged.Count), ((int)HttpStatusCode.ServiceUnavailable, failures.Count) };
        var waited = Stopwatch.StartNew();
        while (!LoggedStatuses(logsBefore).SequenceEqual(expected) && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
        }

        LoggedStatuses(logsBefore).ShouldBe(expected);
        ledger.Logs.Events.Skip(logsBefore).ShouldNotContain(e => e.Properties.ContainsKey("RequestId") && e.Level >= Serilog.Events.LogEventLevel.Error);

        await using var session = ledger.Store.QuerySession();
        var stored = (await session.Query<DossierLedger.Domain.Dossiers.Dossier>().Where(d => d.UnitCode == unit).Select(d => d.Id).ToListAsync()).ToHashSet();
        acknowledged.ShouldAllBe(id => stored.Contains(id), "every acknowledged write is in the ledger");
        Console.WriteLine($"Restart test: {acknowledged.Count} acknowledged writes, {failures.Count} failed requests " +
            $"(slowest {failures.Max(f => f.Took).TotalMilliseconds:F0} ms), recovered {recovery.TotalSeconds:F1} s after the database came back, 0 lost.");
    }

    /// <summary>How many requests were logged with each status since <paramref name="skip"/> events, by status.</summary>
    private (int Status, int Count)[] LoggedStatuses(int skip) =>
    [
        .. ledger.Logs.Events.Skip(skip)
            .Select(e => LogCapture.Scalar(e, "StatusCode")).OfType<int>().GroupBy(status => status).Select(g => (g.Key, g.Count())).Order(),
    ];
}

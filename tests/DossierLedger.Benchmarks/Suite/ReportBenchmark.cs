using System.Diagnostics;
using System.Net.Http.Headers;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using Marten;
using NodaTime;
using Npgsql;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>A report asked for: a unit (a commune, or the province rolling up all of them) and a range.</summary>
public sealed record ReportAsk(string Unit, bool Province, LocalDate From, LocalDate To);

/// <summary>Latencies of one way of computing reports, per kind of unit.</summary>
public sealed record ReportTimings(string Method, Samples Commune, Samples Province);

/// <summary>
/// Report latency over random ranges and units, three ways on the same asks: the ledger's counters
/// (<see cref="PeriodReportQuery"/>), a hand-written SQL aggregate over a minimal indexed flat table of the same
/// facts (the practical limit of scanning rows), and a naive fold of the raw events. Every answer is compared:
/// a benchmark that got the figures wrong would be measuring something else.
/// </summary>
public sealed class ReportBenchmark(IDocumentStore store, string connectionString)
{
    private static readonly LocalDate First = new(2021, 1, 1);
    private static readonly LocalDate Last = new(2025, 12, 31);
    private static readonly int[] Lengths = [1, 7, 31, 92, 366, 1461];

    public static IReadOnlyList<ReportAsk> Asks(IReadOnlyList<string> communes, string province, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var from = First.PlusDays(random.Next(0, Period.DaysBetween(First, Last)));
            var to = LocalDate.Min(Last, from.PlusDays(Lengths[random.Next(Lengths.Length)] - 1));
            var isProvince = communes.Count > 1 && random.NextDouble() < 0.3;
            return new ReportAsk(isProvince ? province : communes[random.Next(communes.Count)], isProvince, from, to);
        })];
    }

    /// <summary>The flat table the hand-written baseline scans: one row per dossier, only the columns Biểu 06 needs.</summary>
    public async Task CreateFlatTableAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            DROP TABLE IF EXISTS bench_flat;
            CREATE TABLE bench_flat AS
                SELECT unit_code, channel, received_on, overdue_on, closed_on, closure, timeliness FROM dl_dossier_facts;
            CREATE INDEX ON bench_flat (unit_code, received_on) INCLUDE (channel, overdue_on, closed_on, closure, timeliness);
            ANALYZE bench_flat;
            """, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    public async Task<UnitRegistry> RegistryAsync()
    {
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(UnitDirectory.StreamId);
        return UnitRegistry.Fold(events.Select(e => (IUnitEvent)e.Data));
    }

    public async Task<ReportTimings> CountersAsync(IReadOnlyList<ReportAsk> asks, UnitRegistry registry, Dictionary<ReportAsk, PeriodFigures> answers)
    {
        var query = new PeriodReportQuery(store);
        return await TimeAsync("ledger counters (in process)", asks, TimeSpan.MaxValue, async ask =>
        {
            var result = await query.RunAsync(registry.Coverage(ask.Unit, ask.From, ask.To), ask.From, ask.To, ReportGrouping.None, CancellationToken.None);
            answers[ask] = result.Total.Figures;
        });
    }

    /// <summary>
    /// A province the way per-commune tenancy would compute it: one counters query per commune it covers, summed.
    /// Only the province asks are run.
    /// </summary>
    public async Task<ReportTimings> PerCommuneAsync(IReadOnlyList<ReportAsk> asks, UnitRegistry registry, Dictionary<ReportAsk, PeriodFigures> answers)
    {
        var query = new PeriodReportQuery(store);
        return await TimeAsync("one counters query per commune, summed (as per-commune tenants)", [.. asks.Where(a => a.Province)], TimeSpan.MaxValue, async ask =>
        {
            var parts = new List<GroupFigures>();
            foreach (var unit in registry.Coverage(ask.Unit, ask.From, ask.To))
            {
                parts.Add((await query.RunAsync(new HashSet<string> { unit }, ask.From, ask.To, ReportGrouping.None, CancellationToken.None)).Total);
            }

            answers[ask] = GroupFigures.Sum(null, null, parts).Figures;
        });
    }

    public async Task<ReportTimings> FlatTableAsync(IReadOnlyList<ReportAsk> asks, UnitRegistry registry, Dictionary<ReportAsk, PeriodFigures> answers)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await TimeAsync("hand-written SQL over an indexed flat table", asks, TimeSpan.MaxValue, async ask =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT
                    count(*) FILTER (WHERE received_on < @from),
                    count(*) FILTER (WHERE received_on >= @from AND channel = 2),
                    count(*) FILTER (WHERE received_on >= @from AND channel = 1),
                    count(*) FILTER (WHERE received_on >= @from AND channel = 3),
                    count(*) FILTER (WHERE closed_on <= @to AND closure = 9 AND timeliness = 1),
                    count(*) FILTER (WHERE closed_on <= @to AND closure = 9 AND timeliness = 2),
                    count(*) FILTER (WHERE closed_on <= @to AND closure = 9 AND (timeliness IS NULL OR timeliness NOT IN (1, 2))),
                    count(*) FILTER (WHERE closed_on <= @to AND closure = 7),
                    count(*) FILTER (WHERE closed_on <= @to AND closure = 8),
                    count(*) FILTER (WHERE closed_on IS NULL OR closed_on > @to),
                    count(*) FILTER (WHERE (closed_on IS NULL OR closed_on > @to) AND overdue_on <= @to)
                FROM bench_flat
                WHERE unit_code = ANY(@units) AND received_on <= @to AND (closed_on IS NULL OR closed_on >= @from)
                """, connection);
            command.Parameters.AddWithValue("units", registry.Coverage(ask.Unit, ask.From, ask.To).ToArray());
            command.Parameters.AddWithValue("from", ask.From.ToDateOnly());
            command.Parameters.AddWithValue("to", ask.To.ToDateOnly());
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var c = Enumerable.Range(0, 11).Select(reader.GetInt64).ToArray();
            var received = c[1] + c[2] + c[3];
            answers[ask] = new PeriodFigures(
                new ReceivedFigures(c[0] + received, c[0], received, c[1], c[2], c[3]),
                new ResolvedFigures(c[4] + c[5] + c[6], c[4], c[5], c[6]),
                new ClosedOtherFigures(c[7], c[8]),
                new PendingFigures(c[9], c[9] - c[10], c[10]));
        });
    }

    /// <summary>Every dossier of the units folded from its raw events, then counted by the report's definitions.</summary>
    public async Task<ReportTimings> NaiveFoldAsync(IReadOnlyList<ReportAsk> asks, UnitRegistry registry, TimeSpan budget, Dictionary<ReportAsk, PeriodFigures> answers)
    {
        var fold = new DossierLogReader(store);
        return await TimeAsync("naive fold of the raw events", asks, budget, async ask =>
        {
            var facts = new List<DossierFacts>();
            var covered = registry.Coverage(ask.Unit, ask.From, ask.To);
            await foreach (var dossier in fold.DossiersAsync(covered, null, CancellationToken.None))
            {
                facts.AddRange(DossierFacts.Of(dossier, WorkingTimeCalendar.Vietnam.Zone).Where(f => covered.Contains(f.UnitCode)));
            }

            answers[ask] = PeriodFigures.FromDefinition(facts, ask.From, ask.To, covered.Contains);
        });
    }

    /// <summary>The same asks end to end: over HTTP, through authentication, the registry and JSON.</summary>
    public static async Task<ReportTimings> HttpAsync(HttpClient client, string token, IReadOnlyList<ReportAsk> asks) =>
        await TimeAsync("ledger over HTTP (GET /api/reports/period)", asks, TimeSpan.MaxValue, async ask =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/reports/period?from={ask.From:yyyy-MM-dd}&to={ask.To:yyyy-MM-dd}&unit={ask.Unit}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });

    private static async Task<ReportTimings> TimeAsync(string method, IReadOnlyList<ReportAsk> asks, TimeSpan budget, Func<ReportAsk, Task> run)
    {
        var timings = new ReportTimings(method, new Samples(), new Samples());
        var total = Stopwatch.StartNew();
        foreach (var ask in asks)
        {
            if (total.Elapsed > budget)
            {
                break;
            }

            var watch = Stopwatch.StartNew();
            await run(ask);
            (ask.Province ? timings.Province : timings.Commune).Add(watch.Elapsed.TotalMilliseconds);
        }

        return timings;
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>What the report builder waits for, each beside the JSON answer of the same ask from the same run.</summary>
public sealed record BuilderResult(IReadOnlyList<ReportTimings> Latencies, IReadOnlyList<StreamResult> Books, double BookPeakMemory, double IdleMemory);

/// <summary>
/// The report builder's asks over HTTP: the official Biểu 06 as XLSX for whole years beside its JSON, a page of the
/// dossiers behind a random figure beside the period report the figure belongs to, and the Sổ theo dõi hồ sơ of a
/// year, of the province and of a commune, streamed, with the API's resident memory before and after.
/// </summary>
public static class ReportBuilderBenchmark
{
    public static async Task<BuilderResult> RunAsync(ApiProcess api, string token, IReadOnlyList<string> communes, string province)
    {
        var client = api.Client;
        var years = YearAsks(communes, province);
        var (bieu06Json, bieu06Xlsx) = (Timings("Biểu 06 JSON (baseline)"), Timings("Biểu 06 XLSX"));
        // Each ask twice, the file first the second time, so neither one always finds the other's pages in the cache.
        foreach (var (ask, fileFirst) in years.Select(a => (a, false)).Concat(years.Select(a => (a, true))))
        {
            var query = $"from={ask.From:yyyy-MM-dd}&to={ask.To:yyyy-MM-dd}&unit={ask.Unit}";
            Task Json() => TimeAsync(bieu06Json, ask, () => GetAsync(client, token, $"/api/reports/bieu06?{query}"));
            Task Xlsx() => TimeAsync(bieu06Xlsx, ask, () => GetAsync(client, token, $"/api/reports/bieu06?{query}&format=xlsx"));
            await (fileFirst ? Xlsx() : Json());
            await (fileFirst ? Json() : Xlsx());
        }

        var random = new Random(16);
        var (period, page) = (Timings("period report JSON (baseline)"), Timings("a page of a figure's dossiers (50)"));
        foreach (var ask in ReportBenchmark.Asks(communes, province, 200, seed: 16))
        {
            var query = $"from={ask.From:yyyy-MM-dd}&to={ask.To:yyyy-MM-dd}&unit={ask.Unit}";
            var figure = Figures.NameOf(Figures.All[random.Next(Figures.All.Count)]);
            await TimeAsync(period, ask, () => GetAsync(client, token, $"/api/reports/period?{query}"));
            await TimeAsync(page, ask, () => GetAsync(client, token, $"/api/reports/figures/{figure}/dossiers?{query}&pageSize=50"));
        }

        var idle = api.Memory().Resident;
        var books = new List<StreamResult>();
        foreach (var (unit, whose) in new[] { (province, "the province"), (communes[^1], "a commune") })
        {
            foreach (var format in new[] { "ndjson", "csv" })
            {
                books.Add(await StreamAsync(client, token, $"/api/reports/tracking-book?unit={unit}&from=2024-01-01&to=2024-12-31&format={format}",
                    $"of {whose}, {format}", header: format == "csv"));
            }
        }

        return new BuilderResult([bieu06Json, bieu06Xlsx, period, page], books, api.Memory().Peak, idle);
    }

    /// <summary>Whole calendar years, 2021 to 2025: of the province and of three communes each.</summary>
    private static List<ReportAsk> YearAsks(IReadOnlyList<string> communes, string province)
    {
        var random = new Random(2025);
        return [.. Enumerable.Range(2021, 5).SelectMany(year => new[] { (Unit: province, Province: true) }
            .Concat(Enumerable.Range(0, 3).Select(_ => (Unit: communes[random.Next(communes.Count)], Province: false)))
            .Select(u => new ReportAsk(u.Unit, u.Province && communes.Count > 1, new LocalDate(year, 1, 1), new LocalDate(year, 12, 31))))];
    }

    private static ReportTimings Timings(string method) => new(method, new Samples(), new Samples());

    private static async Task TimeAsync(ReportTimings timings, ReportAsk ask, Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        await run();
        (ask.Province ? timings.Province : timings.Commune).Add(watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>A GET with the token, its body read to the end; fails on any status but success.</summary>
    public static async Task GetAsync(HttpClient client, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The body of <paramref name="path"/> read to its end; its <see cref="StreamResult.Lines"/> are the rows, without a header line.</summary>
    public static async Task<StreamResult> StreamAsync(HttpClient client, string token, string path, string method, bool header)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var (bytes, lines) = await AuditBenchmark.CountAsync(body);
        return new StreamResult(method, bytes, header ? lines - 1 : lines, watch.Elapsed);
    }
}

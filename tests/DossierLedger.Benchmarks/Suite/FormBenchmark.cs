using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>
/// The desk's printed forms: the receipt slip (with its QR code) and the processing-control slip of a dossier as PDF, each
/// beside the JSON view of the same dossier, asked in turn (the order flipped every other dossier so neither always comes
/// first). The dossiers: resolved ones of random communes, taken from their queues.
/// </summary>
public static class FormBenchmark
{
    public static async Task<IReadOnlyList<ReportTimings>> RunAsync(ApiProcess api, string token, IReadOnlyList<string> communes, int dossiers)
    {
        var ids = await DossiersAsync(api.Client, token, communes, dossiers);
        var asks = new (ReportTimings Timings, Func<Guid, string> Path)[]
        {
            (Timings("a dossier's JSON view (baseline)"), id => $"/api/dossiers/{id}"),
            (Timings("form 01, receipt slip PDF"), id => $"/api/dossiers/{id}/forms/receipt"),
            (Timings("form 06, control slip PDF"), id => $"/api/dossiers/{id}/forms/control-slip"),
        };
        for (var i = 0; i < ids.Count; i++)
        {
            foreach (var (timings, path) in i % 2 == 0 ? asks : asks.Reverse())
            {
                var watch = Stopwatch.StartNew();
                await ReportBuilderBenchmark.GetAsync(api.Client, token, path(ids[i]));
                timings.Commune.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return [.. asks.Select(a => a.Timings)];
    }

    /// <summary>Up to <paramref name="count"/> resolved dossiers, ten from each random commune's queue.</summary>
    private static async Task<List<Guid>> DossiersAsync(HttpClient client, string token, IReadOnlyList<string> communes, int count)
    {
        var random = new Random(17);
        var ids = new List<Guid>();
        for (var tries = 0; ids.Count < count && tries < count; tries++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"/api/dossiers?unit={communes[random.Next(communes.Count)]}&status=resultReturned&page={random.Next(1, 20)}&pageSize=10");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            ids.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        }

        return [.. ids.Take(count)];
    }

    private static ReportTimings Timings(string method) => new(method, new Samples(), new Samples());
}

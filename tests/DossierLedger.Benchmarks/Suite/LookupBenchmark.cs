using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Npgsql;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>The public lookup's figures: its latency beside the dossier view's, and a wrong number's beside a wrong secret's.</summary>
/// <param name="Found">The lookup of an existing dossier by its number and secret.</param>
/// <param name="View">The staff's dossier view of the same dossiers (baseline).</param>
/// <param name="WrongNumber">A lookup of a receipt number no dossier has.</param>
/// <param name="WrongSecret">A lookup of an existing number with a wrong secret.</param>
public sealed record LookupResult(int Dossiers, Samples Found, Samples View, Samples WrongNumber, Samples WrongSecret);

/// <summary>
/// <c>GET /api/lookup</c> for random existing dossiers, each beside <c>GET /api/dossiers/{id}</c> of the same dossier,
/// and a wrong receipt number beside a wrong secret, in alternating pairs (each pair's order flipped every round). One
/// request at a time: this is latency, not throughput. The node is started with the lookup's limit out of the way.
/// </summary>
public static class LookupBenchmark
{
    /// <summary>The lookup's limit per client address, lifted: the benchmark is one address.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["PublicLookup__RateLimit__Burst"] = "10000000",
        ["PublicLookup__RateLimit__PerMinute"] = "10000000",
    };

    public static async Task<LookupResult> RunAsync(ApiProcess api, string connectionString, string token, int dossiers, int rounds)
    {
        var sample = await SampleAsync(connectionString, dossiers);
        var client = api.Client;
        var (found, view, wrongNumber, wrongSecret) = (new Samples(), new Samples(), new Samples(), new Samples());
        // Warm-up: connections, plans, the unit registry's cache.
        foreach (var d in sample.Take(20))
        {
            await TimeAsync(null, () => GetAsync(client, Lookup(d.ReceiptNo, d.Secret), null, HttpStatusCode.OK));
            await TimeAsync(null, () => GetAsync(client, $"/api/dossiers/{d.Id}", token, HttpStatusCode.OK));
        }

        for (var round = 0; round < rounds; round++)
        {
            var flip = round % 2 == 1;
            foreach (var d in sample)
            {
                Task Found() => TimeAsync(found, () => GetAsync(client, Lookup(d.ReceiptNo, d.Secret), null, HttpStatusCode.OK));
                Task View() => TimeAsync(view, () => GetAsync(client, $"/api/dossiers/{d.Id}", token, HttpStatusCode.OK));
                Task WrongNumber() => TimeAsync(wrongNumber, () => GetAsync(client, Lookup(d.ReceiptNo + "X", d.Secret), null, HttpStatusCode.NotFound));
                Task WrongSecret() => TimeAsync(wrongSecret, () => GetAsync(client, Lookup(d.ReceiptNo, Wrong(d.Secret)), null, HttpStatusCode.NotFound));
                await (flip ? View() : Found());
                await (flip ? Found() : View());
                await (flip ? WrongSecret() : WrongNumber());
                await (flip ? WrongNumber() : WrongSecret());
            }
        }

        return new LookupResult(sample.Count, found, view, wrongNumber, wrongSecret);
    }

    private static string Lookup(string receiptNo, string secret) =>
        $"/api/lookup?receiptNo={Uri.EscapeDataString(receiptNo)}&secret={Uri.EscapeDataString(secret)}";

    /// <summary>The secret with its last character changed: as long, as well formed, wrong.</summary>
    private static string Wrong(string secret) => secret[..^1] + (secret[^1] == '2' ? '3' : '2');

    private static async Task TimeAsync(Samples? samples, Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        await run();
        samples?.Add(watch.Elapsed.TotalMilliseconds);
    }

    private static async Task GetAsync(HttpClient client, string path, string? token, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"GET {path.Split('&')[0]}: {(int)response.StatusCode}, expected {(int)expected}.");
        }
    }

    /// <summary>Random dossiers that open to the lookup: with a secret, not voided, not refused at intake.</summary>
    private static async Task<List<(Guid Id, string ReceiptNo, string Secret)>> SampleAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // A sample of the table's pages, then a random few of their rows: no sort of the whole ledger.
        await using var command = new NpgsqlCommand("""
            SELECT id, data ->> 'receiptNo', data ->> 'lookupSecret' FROM mt_doc_dossier TABLESAMPLE SYSTEM (2) REPEATABLE (17)
            WHERE data ->> 'lookupSecret' IS NOT NULL AND coalesce(data ->> 'voided', 'false') = 'false'
              AND lower(data ->> 'status') <> 'refused'
            ORDER BY random() LIMIT $1
            """, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue(count);
        var sample = new List<(Guid, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sample.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return sample.Count > 0
            ? sample
            : throw new InvalidOperationException("The ledger has no dossier with a lookup secret: load it again (its receipts predate slips' secrets).");
    }
}

using System.Net;
using Alba;
using DossierLedger.Api.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wolverine;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Thousands of malformed requests against every endpoint: never a 500, always a problem response, and
/// the ledger's event count unchanged. Every request is broken in at least one way (a wrong type, a bad
/// value, a missing field, unreadable JSON), with hostile strings riding along elsewhere.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class HostileInputTests(LedgerFixture ledger)
{
    private static readonly string[] Hostile =
    [
        "'; DROP TABLE mt_events; --", "<script>alert(1)</script>", "\u0000", "../../etc/passwd", "%00", "{{7*7}}", "${jndi:ldap://x}",
        new string('A', 5000), "\uD800", "NaN", "-1", "9999999999999999999999", "null", "true", "[]", "{}", "😀", "Ω≈ç√",
    ];

    private static readonly string[] BadValues =
    [
        "12", "true", "[1,2]", "{\"a\":1}", "\"not-a-date\"", "\"2025-13-45T99:99:99+07:00\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"fax\"", "-5", "1e400", "\"\"",
    ];

    private static IEnumerable<(HttpMethod Method, string Path, string[] Fields)> Endpoints(Guid dossier)
    {
        var d = $"/api/dossiers/{dossier}";
        yield return (HttpMethod.Post, "/api/dossiers", ["unitCode", "procedureCode", "channel", "receivedAt", "receiptNo"]);
        yield return (HttpMethod.Post, "/api/intake-refusals", ["unitCode", "procedureCode", "channel", "receivedAt", "reason"]);
        foreach (var path in new[] { "resolution", "withdrawal", "stop", "result-return", "assignments", "supplement-requests", "supplements",
                     "payment-requests", "payments", "transfers", "transfer-returns", "apology-drafts", "apology-approval", "apologies", "digitization", "feedback" })
        {
            yield return (HttpMethod.Post, $"{d}/{path}", ["at", "version", "reason", "method", "step", "items", "amount", "agency", "newAppointmentAt", "rating"]);
        }

        foreach (var path in new[] { "channel", "resolution", "void" })
        {
            yield return (HttpMethod.Post, $"{d}/corrections/{path}", ["supersedes", "channel", "resolvedAt", "reason", "version"]);
        }

        yield return (HttpMethod.Post, "/api/admin/procedures/X.FUZZ/versions", ["name", "fieldCode", "effectiveFrom", "fee", "timeLimit", "onlineLevel"]);
        yield return (HttpMethod.Put, "/api/admin/calendar/2023", ["daysOff", "workingDays", "nationalDayAdjacentDay", "source"]);
    }

    private static IEnumerable<string> GetUrls(Guid dossier, Random random)
    {
        string H() => Uri.EscapeDataString(Hostile[random.Next(Hostile.Length)]);
        // A NUL in a path is refused by the HTTP client before any server sees it; paths get the rest.
        string P() => Uri.EscapeDataString(Hostile.Where(h => !h.Contains('\0') && h != "%00").ElementAt(random.Next(Hostile.Length - 2)));
        yield return $"/api/dossiers/{dossier}?asOf={H()}";
        yield return $"/api/dossiers/{dossier}/timeline?asOf={H()}";
        yield return $"/api/dossiers?unit={H()}&status={H()}&page={H()}";
        yield return $"/api/dossiers?unit=KP&pageSize={H()}&dueBefore={H()}";
        yield return $"/api/reports/period?from={H()}&to=2025-01-01&unit={H()}";
        yield return $"/api/reports/period?period={H()}&window={H()}&groupBy={H()}";
        yield return $"/api/reports/period?from=2025-01-01&to=2025-01-31&asKnownAt={H()}";
        yield return $"/api/reports/bieu06?period={H()}";
        yield return $"/api/reports/bieu06?period=2025&unit=KP&folding={H()}";
        yield return $"/api/audit/events?from={H()}&type={H()}&limit={H()}";
        yield return $"/api/audit/events?dossier={H()}&after={H()}&format={H()}";
        yield return $"/api/audit/events?backdated=true&tolerance={H()}";
        yield return $"/api/audit/chain?position={H()}&seqId=1&hash={H()}";
        yield return $"/api/admin/calendar/{P()}";
        yield return $"/api/procedures?at={H()}";
        yield return $"/api/admin/procedures/{P()}";
        yield return $"/api/dossiers/{P()}";
    }

    private static string Body(string[] fields, Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                return "{\"unterminated\": ";
            case 1:
                return new string('[', 200) + new string(']', 200);
            case 2:
                return "{" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"f{i}\":\"{new string('x', 2000)}\"")) + "}";
            default:
                // A valid-looking object with one field of a wrong type or value, and hostile strings elsewhere.
                var broken = fields[random.Next(fields.Length)];
                var parts = fields.Select(f => f == broken
                    ? $"\"{f}\":{BadValues[random.Next(BadValues.Length)]}"
                    : $"\"{f}\":{System.Text.Json.JsonSerializer.Serialize(Hostile[random.Next(Hostile.Length)])}");
                return "{" + string.Join(",", parts) + ",\"version\":" + (random.Next(2) == 0 ? "-3" : "\"two\"") + "}";
        }
    }

    [Fact]
    public async Task Thousands_of_malformed_requests_never_get_a_500_and_write_nothing()
    {
        var dossier = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var before = await ledger.EventCountAsync();
        // Its own token: thousands of requests at once come out of this token's rate-limit bucket only.
        var fuzzer = await ledger.AsAsync("fuzzer", DossierLedger.Api.Security.Roles.Admin);
        var random = new Random(5150);
        var failures = new List<string>();
        var sent = 0;
        for (var round = 0; round < 60; round++)
        {
            foreach (var (method, path, fields) in Endpoints(dossier))
            {
                var body = Body(fields, random);
                var (status, _, response) = await ledger.SendAsync(method, path, body, fuzzer);
                sent++;
                Check(method, path, body, status, response, failures);
            }

            foreach (var url in GetUrls(dossier, random))
            {
                var (status, _, response) = await ledger.SendAsync(HttpMethod.Get, url, null, fuzzer);
                sent++;
                Check(HttpMethod.Get, url, null, status, response, failures);
            }
        }

        // Bytes that are not UTF-8 at all.
        foreach (var (method, path, _) in Endpoints(dossier))
        {
            using var client = ledger.Host.Server.CreateClient();
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]) };
            request.Headers.TryAddWithoutValidation("Authorization", fuzzer["Authorization"]);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var response = await client.SendAsync(request);
            sent++;
            Check(method, path, "<invalid UTF-8>", response.StatusCode, response, failures);
        }

        failures.ShouldBeEmpty($"{failures.Count} of {sent} requests misbehaved:\n{string.Join("\n", failures.Take(20))}");
        sent.ShouldBeGreaterThan(2000);
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Every_answer_is_not_to_be_cached_or_sniffed_and_names_no_server()
    {
        var dossier = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var answers = new[]
        {
            await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{dossier}"),
            await ledger.SendAsync(HttpMethod.Get, $"/api/audit/events?dossier={dossier}&format=csv"),
            await ledger.SendAsync(HttpMethod.Post, "/api/admin/tokens", "{\"name\":\"headers\",\"role\":\"clerk\"}"),
            await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{dossier}/resolution", "{\"at\":\"soon\"}"),
            await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{dossier}/resolution", "{\"at\":"),
            await ledger.SendAsync(HttpMethod.Get, "/api/dossiers/not-a-guid"),
            await ledger.SendAsync(HttpMethod.Get, "/api/procedures", null, LedgerFixture.Anonymous),
            await ledger.SendAsync(HttpMethod.Get, "/api/admin/tokens", null, await ledger.AsAsync("headers.reporter", DossierLedger.Api.Security.Roles.Reporter)),
        };

        answers.Select(a => (int)a.Status).ShouldBe([200, 200, 201, 400, 400, 404, 401, 403]);
        foreach (var (status, _, response) in answers)
        {
            response.Headers.CacheControl?.NoStore.ShouldBeTrue($"{(int)status} {response.RequestMessage!.RequestUri}");
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], $"{(int)status} {response.RequestMessage!.RequestUri}");
        }

        // The test server writes no Server header of its own, so Kestrel's setting is what is checked.
        ledger.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader.ShouldBeFalse();
    }

    [Fact]
    public async Task Cross_origin_requests_are_answered_only_for_configured_origins()
    {
        var admin = (await ledger.MintAsync("cors-admin", DossierLedger.Api.Security.Roles.Admin)).Secret;

        // Not configured (the shared host): no origin is allowed, not even for a preflight.
        (await CorsAsync(ledger.Host, HttpMethod.Get, "https://desk.example", admin)).ShouldBeNull();
        (await CorsAsync(ledger.Host, HttpMethod.Options, "https://desk.example", admin)).ShouldBeNull();

        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:DossierLedger", ledger.DirectSqlConnectionString);
            builder.UseSetting("Http:Cors:AllowedOrigins", "https://desk.example, https://portal.example");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        var preflight = (await CorsAsync(host, HttpMethod.Options, "https://desk.example", admin)).ShouldNotBeNull();
        preflight.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://desk.example"]);
        preflight.Headers.GetValues("Access-Control-Allow-Methods").Single().ShouldContain("POST");
        preflight.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("authorization", Case.Insensitive);
        var answer = (await CorsAsync(host, HttpMethod.Get, "https://portal.example", admin)).ShouldNotBeNull();
        answer.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["https://portal.example"]);
        answer.Headers.GetValues("Access-Control-Expose-Headers").Single().ShouldContain("Location");
        (await CorsAsync(host, HttpMethod.Get, "https://evil.example", admin)).ShouldBeNull();
        (await CorsAsync(host, HttpMethod.Options, "https://evil.example", admin)).ShouldBeNull();
    }

    /// <summary>
    /// A browser's cross-origin request from <paramref name="origin"/> (a GET of the catalogue, or the preflight of a
    /// receipt): the answer if it allows that origin, else null.
    /// </summary>
    private static async Task<HttpResponseMessage?> CorsAsync(IAlbaHost host, HttpMethod method, string origin, string token)
    {
        using var client = host.Server.CreateClient();
        var request = new HttpRequestMessage(method, method == HttpMethod.Options ? "/api/dossiers" : "/api/procedures");
        request.Headers.Add("Origin", origin);
        if (method == HttpMethod.Options)
        {
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        }
        else
        {
            request.Headers.Add("Authorization", $"Bearer {token}");
        }

        var response = await client.SendAsync(request);
        return response.Headers.Contains("Access-Control-Allow-Origin") ? response : null;
    }

    [Fact]
    public async Task Hostile_idempotency_keys_get_a_400_or_are_kept_apart_per_caller_never_a_500()
    {
        var unit = LedgerFixture.NewUnit();
        var callers = new[] { await ledger.AsAsync("hostile.one", Roles.Clerk, unit), await ledger.AsAsync("hostile.two", Roles.Clerk, unit) };
        var body = $"{{\"unitCode\":\"{unit}\",\"procedureCode\":\"1.004873\",\"channel\":\"direct\",\"receivedAt\":\"2025-03-10T08:00:00+07:00\"}}";
        var failures = new List<string>();
        var kept = 0;
        foreach (var key in Hostile.Append("\u007F").Append(new string('k', 128)))
        {
            var answers = new List<HttpStatusCode>();
            foreach (var caller in callers)
            {
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    var (status, _, response) = await ledger.SendAsync(
                        HttpMethod.Post, "/api/dossiers", body, new Dictionary<string, string>(caller) { ["Idempotency-Key"] = key });
                    answers.Add(status);
                    if (status is not (HttpStatusCode.Created or HttpStatusCode.BadRequest))
                    {
                        failures.Add($"key {key[..Math.Min(key.Length, 40)]} -> {(int)status} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }

            answers.Distinct().Count().ShouldBe(1, $"every use of key {key[..Math.Min(key.Length, 40)]} is answered alike");
            kept += answers[0] == HttpStatusCode.Created ? 1 : 0;
        }

        failures.ShouldBeEmpty();
        kept.ShouldBeGreaterThan(Hostile.Length / 2);
        // Each key that was kept ran once per caller; the retries appended nothing.
        (await ledger.GetAsync($"/api/dossiers?unit={unit}")).Body.GetProperty("total").GetInt64().ShouldBe(kept * callers.Length);
    }

    private static void Check(HttpMethod method, string path, string? body, HttpStatusCode status, HttpResponseMessage response, List<string> failures)
    {
        var code = (int)status;
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        if (code >= 500 || code < 400 || !problem)
        {
            failures.Add($"{method} {path} -> {code} {response.Content.Headers.ContentType?.MediaType} body: {body?[..Math.Min(body.Length, 200)]}");
        }
    }
}

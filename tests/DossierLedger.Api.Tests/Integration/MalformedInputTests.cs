using System.Net;
using DossierLedger.Api.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Bad input of every kind: a 400 problem naming the field, never a 500, and nothing written.</summary>
[Collection(LedgerCollection.Name)]
public sealed class MalformedInputTests(LedgerFixture ledger)
{
    private const string Valid = "\"unitCode\":\"BAD\",\"procedureCode\":\"1.004873\",\"channel\":\"direct\"";

    public static TheoryData<string, string?> BadReceipts => new()
    {
        { "{}", "unitCode" },
        { "{\"procedureCode\":\"1.004873\",\"channel\":\"direct\"}", "unitCode" },
        { "{\"unitCode\":\"BAD\",\"channel\":\"direct\"}", "procedureCode" },
        { "{\"unitCode\":\"BAD\",\"procedureCode\":\"1.004873\"}", "channel" },
        { "{\"unitCode\":\"BAD\",\"procedureCode\":\"9.999999\",\"channel\":\"direct\"}", "procedureCode" },
        { "{\"unitCode\":\"BAD\",\"procedureCode\":\"1.004873\",\"channel\":\"fax\"}", "channel" },
        { "{" + Valid + ",\"receivedAt\":\"yesterday\"}", "receivedAt" },
        { "{" + Valid + ",\"receivedAt\":\"2025-04-01T08:00:00\"}", "receivedAt" },
        { "{" + Valid + ",\"receivedAt\":\"1899-04-01T08:00:00+07:00\"}", "receivedAt" },
        { "{" + Valid + ",\"receivedAt\":\"2025-02-30T08:00:00+07:00\"}", "receivedAt" },
        { "{" + Valid + ",\"receivedAt\":\"\"}", "receivedAt" }, // empty is not "now": leave the field out for that
        { "{" + Valid + ",\"receivedAt\":\" \\t\"}", "receivedAt" },
        { "{\"unitCode\":\"K P<script>\",\"procedureCode\":\"1.004873\",\"channel\":\"direct\"}", "unitCode" },
        { "{\"unitCode\":\"" + new string('K', 500) + "\",\"procedureCode\":\"1.004873\",\"channel\":\"direct\"}", "unitCode" },
        { "{" + Valid + ",\"applicant\":{\"name\":\"" + new string('a', 300) + "\"}}", "applicant.name" },
        { "{\"unitCode\":5,\"procedureCode\":\"1.004873\",\"channel\":\"direct\"}", null },
        { "{\"unitCode\":[\"KP\"],\"procedureCode\":\"1.004873\",\"channel\":\"direct\"}", null },
        { "{" + Valid + ",\"receivedAt\":true}", null },
        { "{\"unitCode\":\"BAD\",", null },
        { "not json at all", null },
        { "{" + Valid + ",\"recievedAt\":\"2025-04-01T08:00:00+07:00\"}", null }, // a misspelt field is not ignored
        { "[]", null },
        { "null", null },
    };

    [Theory]
    [MemberData(nameof(BadReceipts))]
    public async Task A_bad_receipt_is_a_400_problem_and_writes_nothing(string json, string? field)
    {
        var before = await ledger.EventCountAsync();

        var (status, body, response) = await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        if (field is not null)
        {
            body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        }

        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string, string?> BadLifecycleCommands => new()
    {
        { "resolution", "{\"at\":\"soon\"}", "at" },
        { "resolution", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"version\":0}", "version" },
        { "resolution", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"version\":-3}", "version" },
        { "resolution", "{\"version\":\"two\"}", null },
        { "stop", "{\"at\":\"2025-04-01T09:00:00+07:00\"}", "reason" },
        { "result-return", "{\"at\":\"2025-04-01T09:00:00+07:00\"}", "method" },
        { "result-return", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"method\":\"pigeon\"}", "method" },
        { "resolution", "{\"at\":\"\"}", "at" },
        { "resolution", "{\"at\":\"   \"}", "at" },
        { "resolution", "{\"version\":\"2\"}", null }, // a number in a string is not a number
        { "digitization", "{\"componentsDigitized\":\"3\"}", null },
        { "payment-requests", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"amount\":1000.75}", "amount" }, // whole đồng only
        { "payment-requests", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"amount\":1000000000000}", "amount" },
        { "payments", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"amount\":0.5,\"method\":\"cash\"}", "amount" },
        { "payments", "{\"at\":\"2025-04-01T09:00:00+07:00\",\"amount\":\"50000\",\"method\":\"cash\"}", null },
    };

    [Theory]
    [MemberData(nameof(BadLifecycleCommands))]
    public async Task A_bad_lifecycle_command_is_a_400_problem_and_writes_nothing(string path, string json, string? field)
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");
        var before = await ledger.EventCountAsync();

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/{path}", json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        if (field is not null)
        {
            body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        }

        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/reports/period?to=2025-01-01", "from")]
    [InlineData("/api/reports/period?from=2025-01-01", "to")]
    [InlineData("/api/reports/period?from=2025-13-01&to=2025-12-31", "from")]
    [InlineData("/api/reports/period?from=2025-02-01&to=2025-01-01", "to")]
    [InlineData("/api/reports/period?from=2000-01-01&to=2999-01-01", "to")]
    [InlineData("/api/reports/period?from=2025-01-01&to=2025-01-31&groupBy=district", "groupBy")]
    [InlineData("/api/reports/period?period=2025-Q5", "period")]
    [InlineData("/api/reports/period?period=2025-Q1&from=2025-01-01", "period")]
    [InlineData("/api/reports/period?period=2025&window=lunar", "window")]
    [InlineData("/api/dossiers?status=open", "unit")]
    [InlineData("/api/dossiers?unit=KP&status=lost", "status")]
    [InlineData("/api/dossiers?unit=KP&pageSize=100000", "pageSize")]
    [InlineData("/api/dossiers?unit=KP&dueBefore=tomorrow", "dueBefore")]
    [InlineData("/api/dossiers?unit=KP&dueBefore=", "dueBefore")]
    [InlineData("/api/procedures?at=%20", "at")]
    public async Task A_bad_query_is_a_400_problem_naming_the_parameter(string url, string field)
    {
        var (status, body, _) = await ledger.GetAsync(url);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        var before = await ledger.EventCountAsync();
        var huge = "{\"unitCode\":\"" + new string('K', 2 << 20) + "\"}";

        var (status, body, response) = await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", huge);

        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.GetProperty("rule").GetString().ShouldBe("request-too-large");
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unparseable_query_value_is_never_500()
    {
        var (status, _, _) = await ledger.GetAsync("/api/dossiers?unit=KP&page=abc");

        status.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>Every route with an <c>{id}</c> the host maps, with its methods: a route added later is covered too.</summary>
    private List<(HttpMethod Method, string Route)> IdRoutes() =>
        [.. ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(p => p.Name == "id"))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (new HttpMethod(m), e.RoutePattern.RawText!)))
            .Distinct()];

    public static TheoryData<string> BadIds => new()
    {
        "00000000-0000-0000-0000-000000000000",
        "00000000000000000000000000000000",
        "not-a-guid",
        "00000000-0000-0000-0000-00000000000g",
        "' OR 1=1--",
        new string('7', 4000),
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Every_route_with_an_id_answers_an_empty_or_malformed_id_with_a_404_problem(string id)
    {
        var before = await ledger.EventCountAsync();
        var routes = IdRoutes();
        var failures = new List<string>();
        // The administrator reaches every route but a leader's approval.
        var leader = await ledger.AsAsync("lanhdao", Roles.Leader);

        foreach (var (method, route) in routes)
        {
            var url = route.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);
            var headers = EndpointPolicies.For(route, [method.Method]) == Roles.ApprovePolicy ? leader : null;
            var (status, body, response) = await ledger.SendAsync(method, url, method == HttpMethod.Get ? null : "{}", headers);
            if (status != HttpStatusCode.NotFound || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || body.GetProperty("type").GetString() != "https://dossierledger.dev/problems/not-found")
            {
                failures.Add($"{method} {route}: {(int)status} {body}");
            }
        }

        failures.ShouldBeEmpty(string.Join("\n", failures));
        // The dossier, its timeline, 14 lifecycle commands, 3 corrections and a token's revocation at least.
        routes.Count.ShouldBeGreaterThanOrEqualTo(20);
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string?> BadTokens => new()
    {
        { "{\"name\":\"x\",\"role\":\"clerk\",\"units\":[\"' OR 1=1--\"]}", "units[0]" },
        { "{\"name\":\"x\",\"role\":\"clerk\",\"units\":[\"KP\",\"\"]}", "units[1]" },
        { "{\"name\":\"x\",\"role\":\"clerk\",\"units\":[\"KP\"],\"days\":\"30\"}", null },
        { "{\"name\":\"x\",\"role\":\"clerk\",\"days\":30.5}", null },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_request_is_a_400_problem_and_mints_nothing(string json, string? field)
    {
        var (_, before, _) = await ledger.GetAsync("/api/admin/tokens");

        var (status, body, response) = await ledger.SendAsync(HttpMethod.Post, "/api/admin/tokens", json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        if (field is not null)
        {
            body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        }

        var (_, after, _) = await ledger.GetAsync("/api/admin/tokens");
        after.GetArrayLength().ShouldBe(before.GetArrayLength());
    }

    [Fact]
    public async Task The_token_command_takes_only_registered_units_as_the_endpoint_does()
    {
        // The command runs with the shipped settings: units must be registered (the demo registered KP). The shared
        // ledger's chain is keyed with the development key, which only the Development environment may use.
        var development = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Audit__ChainKey"] = "",
        };
        var (refused, output) = await NodeProcess.RunAsync(ledger.DirectSqlConnectionString, development,
            "token", "--name", "cli.clerk", "--role", "clerk", "--units", "KP,NOPE");
        refused.ShouldNotBe(0, output);
        output.ShouldContain("units[1]: 'NOPE' is not a registered administrative unit");

        var (minted, mintedOutput) = await NodeProcess.RunAsync(ledger.DirectSqlConnectionString, development,
            "token", "--name", "cli.clerk", "--role", "clerk", "--units", "KP");
        minted.ShouldBe(0, mintedOutput);
        var (_, tokens, _) = await ledger.GetAsync("/api/admin/tokens");
        tokens.EnumerateArray().Where(t => t.GetProperty("name").GetString() == "cli.clerk")
            .ShouldHaveSingleItem().GetProperty("units").EnumerateArray().Select(u => u.GetString()).ShouldBe(["KP"]);
    }
}

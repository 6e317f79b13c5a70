using System.Net;

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

    [Theory]
    [InlineData("/api/dossiers/not-a-guid")]
    [InlineData("/api/dossiers?unit=KP&page=abc")]
    public async Task Unparseable_route_and_query_values_are_never_500(string url)
    {
        var (status, _, _) = await ledger.GetAsync(url);

        ((int)status).ShouldBeInRange(400, 404);
    }
}

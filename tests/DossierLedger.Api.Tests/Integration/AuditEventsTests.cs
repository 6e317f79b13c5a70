using System.Net;
using System.Text.Json;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The audit trail: the log in commit order, filtered, paged, and streamed as NDJSON or CSV.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AuditEventsTests(LedgerFixture ledger)
{
    private async Task<(string Unit, Guid First, Guid Second)> RecordAsync()
    {
        var unit = LedgerFixture.NewUnit();
        var headers = await ledger.AsAsync("auditee");
        headers["X-Correlation-ID"] = "audit-1";
        var (_, body, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }, headers);
        var first = body.GetProperty("id").GetGuid();
        await ledger.PostAsync($"/api/dossiers/{first}/resolution", new { at = "2025-03-11T08:00:00+07:00" }, headers);
        var second = await ledger.ReceiveAsync(unit, "2025-03-12T08:00:00+07:00");
        await ledger.PostAsync($"/api/dossiers/{second}/withdrawal", new { at = "2025-03-13T08:00:00+07:00", reason = "x, \"quoted\"" });
        return (unit, first, second);
    }

    [Fact]
    public async Task A_unit_s_events_come_in_commit_order_with_who_and_when()
    {
        var (unit, first, second) = await RecordAsync();

        var (status, page, _) = await ledger.GetAsync($"/api/audit/events?unit={unit}");

        status.ShouldBe(HttpStatusCode.OK, page.ToString());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("type").GetString()).ShouldBe(["DossierReceived", "DossierResolved", "DossierReceived", "DossierWithdrawn"]);
        items.Select(i => i.GetProperty("dossierId").GetGuid()).ShouldBe([first, first, second, second]);
        items.Select(i => i.GetProperty("sequence").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        items[0].GetProperty("user").GetString().ShouldBe("auditee");
        items[0].GetProperty("correlationId").GetString().ShouldBe("audit-1");
        items[1].GetProperty("occurredAt").GetString().ShouldBe("2025-03-11T08:00:00+07:00");
        items[0].GetProperty("recordedAt").GetString().ShouldNotBeNull();
        items[0].GetProperty("data").GetProperty("unitCode").GetString().ShouldBe(unit);
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_overlap()
    {
        var (unit, _, _) = await RecordAsync();

        var (_, firstPage, _) = await ledger.GetAsync($"/api/audit/events?unit={unit}&limit=3");
        var next = firstPage.GetProperty("next").GetInt64();
        var (_, secondPage, _) = await ledger.GetAsync($"/api/audit/events?unit={unit}&limit=3&after={next}");

        firstPage.GetProperty("items").GetArrayLength().ShouldBe(3);
        secondPage.GetProperty("items").GetArrayLength().ShouldBe(1);
        secondPage.GetProperty("items")[0].GetProperty("sequence").GetInt64().ShouldBeGreaterThan(next);
    }

    [Fact]
    public async Task Filters_narrow_by_type_dossier_and_business_time()
    {
        var (unit, first, _) = await RecordAsync();

        async Task<int> Count(string query) => (await ledger.GetAsync($"/api/audit/events?unit={unit}&{query}")).Body.GetProperty("items").GetArrayLength();

        (await Count("type=DossierResolved,DossierWithdrawn")).ShouldBe(2);
        (await Count($"dossier={first}")).ShouldBe(2);
        (await Count("occurredFrom=2025-03-11T00:00:00%2B07:00&occurredTo=2025-03-13T00:00:00%2B07:00")).ShouldBe(2);
        (await Count("from=2099-01-01T00:00:00Z")).ShouldBe(0);
        (await Count("procedure=1.004873")).ShouldBe(4);
    }

    [Fact]
    public async Task Ndjson_and_csv_stream_the_same_events()
    {
        var (unit, _, _) = await RecordAsync();

        var (_, _, ndjson) = await ledger.SendAsync(HttpMethod.Get, $"/api/audit/events?unit={unit}&format=ndjson");
        var lines = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var (_, _, csv) = await ledger.SendAsync(HttpMethod.Get, $"/api/audit/events?unit={unit}&format=csv");
        var text = await csv.Content.ReadAsStringAsync();

        ndjson.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-ndjson");
        lines.Length.ShouldBe(4);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).Last().ShouldBe("DossierWithdrawn");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        text.ShouldStartWith("sequence,eventId,dossierId,type,occurredAt,recordedAt,user,correlationId,data\n");
        // The withdrawal's reason holds a comma and quotes: the data field is quoted with its quotes doubled.
        const string q = "\"\"";
        text.ShouldContain(q + "reason" + q + ": " + q + "x, \\" + q + "quoted\\" + q + q);
    }

    [Fact]
    public async Task Backdated_entries_are_counted_and_listed()
    {
        var unit = LedgerFixture.NewUnit();
        await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00"); // recorded long after it happened
        var (status, _, _) = await ledger.PostAsync("/api/dossiers", new { unitCode = unit, procedureCode = "1.004873", channel = "direct" }); // now
        status.ShouldBe(HttpStatusCode.Created);

        async Task<long> Count(string query) =>
            (await ledger.GetAsync($"/api/audit/events?unit={unit}&format=count&{query}")).Body.GetProperty("count").GetInt64();

        (await Count("")).ShouldBe(2);
        (await Count("backdated=true")).ShouldBe(1);
        (await Count("tolerance=PT100000H")).ShouldBe(0);
        var (_, listed, _) = await ledger.GetAsync($"/api/audit/events?unit={unit}&backdated=true");
        listed.GetProperty("items")[0].GetProperty("occurredAt").GetString().ShouldBe("2025-03-10T08:00:00+07:00");
    }

    [Theory]
    [InlineData("tolerance=P1D", "tolerance")]
    [InlineData("from=yesterday", "from")]
    [InlineData("dossier=42", "dossier")]
    [InlineData("type=drop%20table", "type")]
    [InlineData("after=-1", "after")]
    [InlineData("limit=100000", "limit")]
    [InlineData("format=xml", "format")]
    public async Task Bad_parameters_are_400s_naming_them(string query, string field)
    {
        var (status, body, _) = await ledger.GetAsync($"/api/audit/events?{query}");

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
    }
}

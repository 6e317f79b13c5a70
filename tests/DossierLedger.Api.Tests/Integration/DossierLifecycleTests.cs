using System.Net;
using DossierLedger.Api.Dossiers;
using DossierLedger.Domain.Dossiers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Every write path over HTTP, each read back from the event stream.</summary>
[Collection(LedgerCollection.Name)]
public sealed class DossierLifecycleTests(LedgerFixture ledger)
{
    private async Task<IReadOnlyList<JasperFx.Events.IEvent>> StreamAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    [Fact]
    public async Task Receiving_starts_a_stream_with_the_computed_due_date_and_who_did_it()
    {
        var unit = LedgerFixture.NewUnit();
        var headers = await ledger.AsAsync("clerk.lan");
        headers["X-Correlation-ID"] = "corr-42";

        var (status, body, response) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = unit,
            procedureCode = "1.001193",
            channel = "online",
            receivedAt = "2025-04-01T15:30:00+07:00",
            receiptNo = "BN-1",
            applicant = new { name = "Nguyễn Văn A" },
        }, headers);

        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/dossiers/{id}");
        response.Headers.GetValues("X-Correlation-ID").Single().ShouldBe("corr-42");
        body.GetProperty("status").GetString().ShouldBe("received");
        body.GetProperty("statusCode").GetInt32().ShouldBe(2);
        // Same-day procedure received after the 15:00 cut-off: due at the close of the next working day.
        body.GetProperty("dueAt").GetString().ShouldBe("2025-04-02T17:00:00+07:00");

        var events = await StreamAsync(id);
        var received = events.Single().Data.ShouldBeOfType<DossierReceived>();
        received.ReceiptNo.ShouldBe("BN-1");
        received.Channel.ShouldBe(Channel.Online);
        events[0].UserName.ShouldBe("clerk.lan");
        events[0].CorrelationId.ShouldBe("corr-42");
    }

    [Fact]
    public async Task A_receipt_keeps_the_documents_received_and_draws_a_slip_secret_of_its_own()
    {
        var unit = LedgerFixture.NewUnit();
        string[] components = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh (bản chính)"];

        var ids = new List<Guid>();
        foreach (var receiptNo in new[] { "CP-1", "CP-2" })
        {
            var (status, body, _) = await ledger.PostAsync("/api/dossiers", new
            {
                unitCode = unit,
                procedureCode = "1.001193",
                channel = "direct",
                receivedAt = "2025-04-01T08:00:00+07:00",
                receiptNo,
                components,
            });
            status.ShouldBe(HttpStatusCode.Created, body.ToString());
            body.GetProperty("components").EnumerateArray().Select(c => c.GetString()).ShouldBe(components);
            body.TryGetProperty("lookupSecret", out _).ShouldBeFalse("the secret is printed on the slip, not shown in the view");
            ids.Add(body.GetProperty("id").GetGuid());
        }

        var received = await Task.WhenAll(ids.Select(async id => (DossierReceived)(await StreamAsync(id))[0].Data));
        received[0].Components.ShouldBe(components);
        received.ShouldAllBe(r => r.LookupSecret != null && System.Text.RegularExpressions.Regex.IsMatch(r.LookupSecret, "^[0-9A-HJKMNP-TV-Z]{10}$"));
        received[0].LookupSecret.ShouldNotBe(received[1].LookupSecret);
    }

    [Theory]
    [InlineData("[\"\"]", "components[0]")]
    [InlineData("[\"Tờ khai\", null]", "components[1]")]
    [InlineData("\"Tờ khai\"", "JSON")]
    public async Task A_receipt_with_a_bad_list_of_documents_is_refused_and_nothing_is_written(string components, string field)
    {
        var unit = LedgerFixture.NewUnit();
        var json = $$"""{"unitCode":"{{unit}}","procedureCode":"1.001193","channel":"direct","components":{{components}}}""";

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.ToString().ShouldContain(field);
        await using var session = ledger.Store.QuerySession();
        (await Marten.QueryableExtensions.CountAsync(session.Query<Dossier>().Where(d => d.UnitCode == unit))).ShouldBe(0);
    }

    [Fact]
    public async Task A_missing_receipt_number_is_generated()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");

        var received = (DossierReceived)(await StreamAsync(id))[0].Data;
        received.ReceiptNo.ShouldMatch(@"^T\d+-[0-9a-f]{6}-250401-0001$");
    }

    [Fact]
    public async Task Resolution_then_result_return_append_and_show_the_new_state()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");

        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-02T09:00:00+07:00", version = 1 });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("timeliness").GetString().ShouldBe("early");
        body.GetProperty("version").GetInt64().ShouldBe(2);

        (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/result-return", new { at = "2025-04-02T10:00:00+07:00", method = "counter" });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("statusCode").GetInt32().ShouldBe(10);

        var events = await StreamAsync(id);
        events.Select(e => e.Data.GetType()).ShouldBe([typeof(DossierReceived), typeof(DossierResolved), typeof(ResultReturned)]);
        ((DossierResolved)events[1].Data).Timeliness.ShouldBe(Timeliness.Early);

        var (_, view, _) = await ledger.GetAsync($"/api/dossiers/{id}");
        view.GetProperty("status").GetString().ShouldBe("resultReturned");
        view.GetProperty("version").GetInt64().ShouldBe(3);
        var (_, past, _) = await ledger.GetAsync($"/api/dossiers/{id}?asOf=2025-04-02T09:30:00%2B07:00");
        past.GetProperty("status").GetString().ShouldBe("resolved");
        past.GetProperty("version").GetInt64().ShouldBe(2);

        var (_, timeline, _) = await ledger.GetAsync($"/api/dossiers/{id}/timeline");
        timeline.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldBe(["DossierReceived", "DossierResolved", "ResultReturned"]);
        var (_, pastTimeline, _) = await ledger.GetAsync($"/api/dossiers/{id}/timeline?asOf=2025-04-02T09:30:00%2B07:00");
        pastTimeline.GetArrayLength().ShouldBe(2);
        (await ledger.GetAsync($"/api/dossiers/{Guid.NewGuid()}/timeline")).Status.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("withdrawal", "{\"at\":\"2025-04-01T10:00:00+07:00\",\"reason\":\"applicant asked\"}", typeof(DossierWithdrawn), 7)]
    [InlineData("stop", "{\"at\":\"2025-04-01T10:00:00+07:00\",\"reason\":\"Thông báo dừng\"}", typeof(DossierStopped), 8)]
    public async Task Withdrawal_and_stop_close_the_dossier(string path, string json, Type eventType, int statusCode)
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/{path}", json);

        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("statusCode").GetInt32().ShouldBe(statusCode);
        (await StreamAsync(id)).Select(e => e.Data.GetType()).ShouldBe([typeof(DossierReceived), eventType]);
    }

    [Theory]
    [InlineData("resolution", "{\"at\":\"2025-03-31T08:00:00+07:00\"}", "before-receipt")]
    [InlineData("result-return", "{\"at\":\"2025-04-02T08:00:00+07:00\",\"method\":\"counter\"}", "result-before-resolution")]
    [InlineData("resolution", "{\"at\":\"2099-01-01T08:00:00+07:00\"}", "instant-in-future")]
    public async Task A_broken_rule_is_a_409_naming_it_and_nothing_is_appended(string path, string json, string rule)
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");

        var (status, body, response) = await ledger.SendAsync(HttpMethod.Post, $"/api/dossiers/{id}/{path}", json);

        status.ShouldBe(HttpStatusCode.Conflict, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.GetProperty("rule").GetString().ShouldBe(rule);
        (await StreamAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_second_resolution_is_refused()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");
        await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T09:00:00+07:00" });

        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T10:00:00+07:00" });

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("dossier-closed");
        (await StreamAsync(id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_409_and_nothing_is_appended()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");

        var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T09:00:00+07:00", version = 5 });

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("version-conflict");
        (await StreamAsync(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_resolutions_leave_exactly_one()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-04-01T08:00:00+07:00");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T09:00:00+07:00" })));

        attempts.Count(a => a.Status == HttpStatusCode.OK).ShouldBe(1);
        attempts.Where(a => a.Status != HttpStatusCode.OK).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict);
        (await StreamAsync(id)).Count(e => e.Data is DossierResolved).ShouldBe(1);
    }

    [Fact]
    public async Task A_duplicate_receipt_number_in_a_unit_is_a_409()
    {
        var unit = LedgerFixture.NewUnit();
        var request = new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-04-01T08:00:00+07:00", receiptNo = "SAME" };
        (await ledger.PostAsync("/api/dossiers", request)).Status.ShouldBe(HttpStatusCode.Created);
        var before = await ledger.EventCountAsync();

        var (status, body, _) = await ledger.PostAsync("/api/dossiers", request);

        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("duplicate-receipt-number");
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public void Only_a_unique_key_of_receipt_numbers_means_a_duplicate_receipt_number()
    {
        var numbers = ledger.Host.Services.GetRequiredService<ReceiptNumbers>();
        var documents = ledger.Store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.Name;
        static PostgresException UniqueViolation(string table) =>
            new("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation, tableName: table);

        numbers.AreDuplicatedBy(UniqueViolation(documents)).ShouldBeTrue();
        numbers.AreDuplicatedBy(UniqueViolation(ReceiptNumbers.ClaimsTable)).ShouldBeTrue();
        numbers.AreDuplicatedBy(UniqueViolation("dl_idempotency")).ShouldBeFalse();
    }

    [Fact]
    public async Task Unknown_dossiers_are_404_problems()
    {
        var unknown = Guid.NewGuid();
        foreach (var (method, url) in new[] { (HttpMethod.Get, $"/api/dossiers/{unknown}"), (HttpMethod.Post, $"/api/dossiers/{unknown}/resolution") })
        {
            var (status, body, response) = await ledger.SendAsync(method, url, method == HttpMethod.Post ? "{}" : null);
            status.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            body.GetProperty("status").GetInt32().ShouldBe(404);
        }
    }

    [Fact]
    public async Task The_work_queue_lists_open_dossiers_soonest_due_first()
    {
        var unit = LedgerFixture.NewUnit();
        var late = await ledger.ReceiveAsync(unit, "2025-04-01T08:00:00+07:00", procedureCode: "1.004884"); // 5 working days
        var soon = await ledger.ReceiveAsync(unit, "2025-04-01T08:00:00+07:00", procedureCode: "1.001193"); // same day
        var done = await ledger.ReceiveAsync(unit, "2025-04-01T08:00:00+07:00");
        await ledger.PostAsync($"/api/dossiers/{done}/resolution", new { at = "2025-04-01T09:00:00+07:00" });

        var (status, page, _) = await ledger.GetAsync($"/api/dossiers?unit={unit}");

        status.ShouldBe(HttpStatusCode.OK);
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldBe([soon, late]);
        page.GetProperty("total").GetInt64().ShouldBe(2);

        // dueBefore is strict, to the instant: the same-day dossier is due at 17:00.
        var dueSoon = page.GetProperty("items")[0].GetProperty("dueAt").GetString()!;
        dueSoon.ShouldBe("2025-04-01T17:00:00+07:00");
        foreach (var (dueBefore, expected) in new[] { ("2025-04-01T17:00:01+07:00", new[] { soon }), ("2025-04-01T17:00:00+07:00", []) })
        {
            (status, page, _) = await ledger.GetAsync($"/api/dossiers?unit={unit}&dueBefore={Uri.EscapeDataString(dueBefore)}");
            status.ShouldBe(HttpStatusCode.OK, page.ToString());
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ShouldBe(expected, dueBefore);
        }
    }

    [Fact]
    public async Task The_catalogue_and_health_answer()
    {
        var (status, catalogue, _) = await ledger.GetAsync("/api/procedures");
        status.ShouldBe(HttpStatusCode.OK);
        var birth = catalogue.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "1.001193");
        birth.GetProperty("timeLimit").GetProperty("unit").GetString().ShouldBe("sameDay");
        birth.GetProperty("cutoffHour").GetInt32().ShouldBe(15);
        birth.GetProperty("fieldName").GetString().ShouldBe("Hộ tịch");

        (await ledger.GetAsync("/health")).Status.ShouldBe(HttpStatusCode.OK);
    }
}

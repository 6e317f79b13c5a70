using System.Net;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Retries with an Idempotency-Key get the original answer and append nothing.</summary>
[Collection(LedgerCollection.Name)]
public sealed class IdempotencyTests(LedgerFixture ledger)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    [Fact]
    public async Task A_retried_receipt_returns_the_original_answer_and_appends_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { unitCode = LedgerFixture.NewUnit(), procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" };
        var (status, first, firstResponse) = await ledger.PostAsync("/api/dossiers", body, Key(key));
        status.ShouldBe(HttpStatusCode.Created, first.ToString());
        var before = await ledger.EventCountAsync();

        var (again, second, response) = await ledger.PostAsync("/api/dossiers", body, Key(key));

        again.ShouldBe(HttpStatusCode.Created);
        second.GetProperty("id").GetGuid().ShouldBe(first.GetProperty("id").GetGuid());
        response.Headers.Location.ShouldBe(firstResponse.Headers.Location);
        response.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_same_key_with_another_request_is_a_409_and_writes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var unit = LedgerFixture.NewUnit();
        await ledger.PostAsync("/api/dossiers", new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }, Key(key));
        var before = await ledger.EventCountAsync();

        var (status, problem, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = unit, procedureCode = "1.004873", channel = "online", receivedAt = "2025-03-10T08:00:00+07:00" }, Key(key));

        status.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("rule").GetString().ShouldBe("idempotency-key-reused");
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Retried_lifecycle_commands_and_rejections_answer_the_same_again()
    {
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var key = Guid.NewGuid().ToString();
        var (first, view, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-11T08:00:00+07:00" }, Key(key));
        var (second, replay, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-11T08:00:00+07:00" }, Key(key));

        (first, second).ShouldBe((HttpStatusCode.OK, HttpStatusCode.OK));
        replay.ToString().ShouldBe(view.ToString());
        await using var session = ledger.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count.ShouldBe(2);

        // Without a key the same command is a second resolution, refused by the rules.
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-11T08:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_run_once()
    {
        var key = Guid.NewGuid().ToString();
        var unit = LedgerFixture.NewUnit();
        var body = new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ledger.PostAsync("/api/dossiers", body, Key(key))));

        answers.Count(a => a.Status == HttpStatusCode.Created).ShouldBeGreaterThanOrEqualTo(1);
        answers.Where(a => a.Status != HttpStatusCode.Created).ShouldAllBe(a => a.Status == HttpStatusCode.Conflict);
        answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Body.GetProperty("id").GetGuid()).Distinct().Count().ShouldBe(1);
        (await ledger.GetAsync($"/api/dossiers?unit={unit}")).Body.GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x\u0001y")]
    public async Task A_bad_key_is_a_400(string key)
    {
        var (status, problem, _) = await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", "{}", key.Length == 0 ? new Dictionary<string, string> { ["Idempotency-Key"] = " " } : Key(key));

        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe("idempotency-key-invalid");
    }
}

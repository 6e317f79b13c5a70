using System.Net;
using System.Text.Json;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Retries with an Idempotency-Key get the original answer and append nothing; a key is its caller's, so another
/// caller's request with it runs (and is authorized) as its own; a key expires.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class IdempotencyTests(LedgerFixture ledger)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    private static Dictionary<string, string> Key(string key, Dictionary<string, string> caller) => new(caller) { ["Idempotency-Key"] = key };

    private static object Receipt(string unit, string? applicant = null) =>
        new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00", applicant = new { name = applicant } };

    private async Task<int> StreamLengthAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Count;
    }

    /// <summary>Runs SQL straight on the database; <c>@key</c> stands for the (GUID) key, quoted.</summary>
    /// <summary>As a database set up by an older build: the next start adopts it, running the earlier scripts again.</summary>
    private Task ForgetMigrationsAsync() => TestDatabases.ForgetMigrationsAsync(ledger.DirectSqlConnectionString, "older");

    private Task<string> SqlAsync(string sql, string key = "") =>
        TestDatabases.TextAsync(ledger.DirectSqlConnectionString, sql.Replace("@key", $"'{key}'", StringComparison.Ordinal));

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
        (await StreamLengthAsync(first.GetProperty("id").GetGuid())).ShouldBe(1);
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
    public async Task A_race_lost_at_commit_releases_its_key_for_the_retry()
    {
        // Two resolutions read version 1 and wait on the stream's row; the second fails the store's version check at
        // commit, an exception answered as a 409 further out. Its key must not stay "in flight" for a day.
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00");
        var keys = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
        var resolution = new { at = "2025-03-11T08:00:00+07:00" };

        var answers = await RowLocks.WhileStreamHeldAsync(ledger.DirectSqlConnectionString, id, RowLocks.Commit,
            keys.Select(k => (Func<Task<(HttpStatusCode Status, JsonElement Body)>>)(async () =>
            {
                var (status, body, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", resolution, Key(k));
                return (status, body);
            })).ToArray());

        answers.Select(a => a.Status).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        var loser = Array.FindIndex(answers, a => a.Status == HttpStatusCode.Conflict);
        answers[loser].Body.GetProperty("rule").GetString().ShouldBe("version-conflict");

        // The retry runs: the dossier is resolved by now, so the rules refuse a second resolution, and that answer is kept.
        var (retried, answer, _) = await ledger.PostAsync($"/api/dossiers/{id}/resolution", resolution, Key(keys[loser]));
        retried.ShouldBe(HttpStatusCode.Conflict, answer.ToString());
        answer.GetProperty("rule").GetString().ShouldNotBe("idempotency-key-in-flight");
        answer.GetProperty("rule").GetString().ShouldNotBe("version-conflict");
        await using var session = ledger.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Count.ShouldBe(2);
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
    [InlineData("khóa-1")]
    [InlineData("x\uD800y")]
    public async Task A_bad_key_is_a_400(string key)
    {
        var (status, problem, _) = await ledger.SendAsync(HttpMethod.Post, "/api/dossiers", "{}", key.Length == 0 ? new Dictionary<string, string> { ["Idempotency-Key"] = " " } : Key(key));

        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe("idempotency-key-invalid");
    }

    [Fact]
    public async Task Another_units_clerk_with_a_clerks_key_and_body_gets_their_own_403_and_nothing_of_the_kept_answer()
    {
        var (kp, kx) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var (kpClerk, kxClerk) = (await ledger.AsAsync("clerk.kp", Roles.Clerk, kp), await ledger.AsAsync("clerk.kx", Roles.Clerk, kx));
        var key = Guid.NewGuid().ToString();
        var body = Receipt(kp, "Trần Thị Riêng");
        var (created, dossier, _) = await ledger.PostAsync("/api/dossiers", body, Key(key, kpClerk));
        created.ShouldBe(HttpStatusCode.Created, dossier.ToString());
        var id = dossier.GetProperty("id").GetGuid();

        var (status, problem, response) = await ledger.PostAsync("/api/dossiers", body, Key(key, kxClerk));

        status.ShouldBe(HttpStatusCode.Forbidden, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe("other-unit");
        problem.ToString().ShouldNotContain("Riêng");
        problem.ToString().ShouldNotContain(id.ToString());
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        response.Headers.Location.ShouldBeNull();
        // The KP clerk's own key is untouched: their retry still replays their dossier.
        var (again, replay, replayed) = await ledger.PostAsync("/api/dossiers", body, Key(key, kpClerk));
        again.ShouldBe(HttpStatusCode.Created);
        replay.GetProperty("id").GetGuid().ShouldBe(id);
        replayed.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        (await StreamLengthAsync(id)).ShouldBe(1);
        (await ledger.GetAsync($"/api/dossiers?unit={kp}")).Body.GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task A_key_another_desk_used_first_does_not_block_a_desks_own_request()
    {
        var (kp, kx) = (LedgerFixture.NewUnit(), LedgerFixture.NewUnit());
        var (kpClerk, kxClerk) = (await ledger.AsAsync("clerk.kp", Roles.Clerk, kp), await ledger.AsAsync("clerk.kx", Roles.Clerk, kx));
        var key = Guid.NewGuid().ToString();
        (await ledger.PostAsync("/api/dossiers", Receipt(kx), Key(key, kxClerk))).Status.ShouldBe(HttpStatusCode.Created);
        (await ledger.PostAsync("/api/dossiers", Receipt(kp), Key(key, kxClerk))).Status.ShouldBe(HttpStatusCode.Conflict, "the same caller reusing its key");

        var (status, dossier, response) = await ledger.PostAsync("/api/dossiers", Receipt(kp), Key(key, kpClerk));

        status.ShouldBe(HttpStatusCode.Created, dossier.ToString());
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        dossier.GetProperty("unitCode").GetString().ShouldBe(kp);
        (await StreamLengthAsync(dossier.GetProperty("id").GetGuid())).ShouldBe(1);
    }

    [Theory]
    [InlineData(Roles.Reporter)]
    [InlineData(Roles.Auditor)]
    public async Task A_role_that_may_not_write_gets_its_403_with_a_writers_key(string role)
    {
        var unit = LedgerFixture.NewUnit();
        var key = Guid.NewGuid().ToString();
        var body = Receipt(unit, "Lê Văn Kín");
        var (_, dossier, _) = await ledger.PostAsync("/api/dossiers", body, Key(key, await ledger.AsAsync("clerk", Roles.Clerk, unit)));
        var before = await ledger.EventCountAsync();

        var (status, _, response) = await ledger.PostAsync("/api/dossiers", body, Key(key, await ledger.AsAsync(role, role, unit)));

        status.ShouldBe(HttpStatusCode.Forbidden);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldNotContain("Kín");
        text.ShouldNotContain(dossier.GetProperty("id").GetGuid().ToString());
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Another_token_of_the_same_person_is_another_caller()
    {
        var unit = LedgerFixture.NewUnit();
        var key = Guid.NewGuid().ToString();
        var (_, first, _) = await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key, await ledger.AsAsync("clerk.lan", Roles.Clerk, unit)));

        var (status, second, response) = await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key, await ledger.AsAsync("clerk.lan", Roles.Clerk, unit)));

        status.ShouldBe(HttpStatusCode.Created);
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        second.GetProperty("id").GetGuid().ShouldNotBe(first.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_expired_key_is_new_again_and_one_just_under_a_day_old_is_not()
    {
        var unit = LedgerFixture.NewUnit();
        var key = Guid.NewGuid().ToString();
        var (_, first, _) = await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key));
        await SqlAsync("UPDATE dl_idempotency SET created_at = now() - interval '23 hours 59 minutes' WHERE key = @key", key);
        (await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key))).Body.GetProperty("id").GetGuid().ShouldBe(first.GetProperty("id").GetGuid());

        await SqlAsync("UPDATE dl_idempotency SET created_at = now() - interval '24 hours 1 minute' WHERE key = @key", key);
        var (status, second, response) = await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key));

        status.ShouldBe(HttpStatusCode.Created);
        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        var secondId = second.GetProperty("id").GetGuid();
        secondId.ShouldNotBe(first.GetProperty("id").GetGuid());
        (await StreamLengthAsync(secondId)).ShouldBe(1);
        (await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key))).Body.GetProperty("id").GetGuid().ShouldBe(secondId);
        (await ledger.GetAsync($"/api/dossiers?unit={unit}")).Body.GetProperty("total").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task Claiming_a_key_deletes_expired_ones_and_keeps_the_others()
    {
        var marker = Guid.NewGuid().ToString("N");
        await SqlAsync($"""
            INSERT INTO dl_idempotency (caller, key, fingerprint, created_at)
            SELECT sha256(i::text::bytea), '{marker}-' || i, '\x00', CASE WHEN i <= 3 THEN '2001-01-01'::timestamptz ELSE now() - interval '23 hours' END
            FROM generate_series(1, 4) i
            """);

        (await ledger.PostAsync("/api/dossiers", Receipt(LedgerFixture.NewUnit()), Key(Guid.NewGuid().ToString()))).Status.ShouldBe(HttpStatusCode.Created);

        (await SqlAsync($"SELECT string_agg(key, ',') FROM dl_idempotency WHERE key LIKE '{marker}-%'")).ShouldBe($"{marker}-4");
    }

    [Fact]
    public async Task A_key_in_flight_is_a_409_for_its_caller_only()
    {
        var unit = LedgerFixture.NewUnit();
        var clerk = await ledger.AsAsync("clerk", Roles.Clerk, unit);
        var key = Guid.NewGuid().ToString();
        (await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key, clerk))).Status.ShouldBe(HttpStatusCode.Created);
        // As if the first request were still running (or its process had died before keeping the answer).
        await SqlAsync("UPDATE dl_idempotency SET status = NULL, body = NULL WHERE key = @key", key);

        var (status, problem, _) = await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key, clerk));
        var (other, _, _) = await ledger.PostAsync("/api/dossiers", Receipt(unit), Key(key));

        status.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("rule").GetString().ShouldBe("idempotency-key-in-flight");
        other.ShouldBe(HttpStatusCode.Created);
        (await ledger.GetAsync($"/api/dossiers?unit={unit}")).Body.GetProperty("total").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task An_older_table_keyed_on_the_key_alone_is_replaced_at_start_and_a_later_start_keeps_the_new_one()
    {
        await SqlAsync("""
            DROP TABLE dl_idempotency;
            CREATE TABLE dl_idempotency (key text PRIMARY KEY, fingerprint bytea NOT NULL, status int NULL, content_type text NULL,
                location text NULL, body bytea NULL, created_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz NULL);
            INSERT INTO dl_idempotency (key, fingerprint, status, body) VALUES ('before-the-upgrade', '\x00', 201, '\x7b7d');
            """);
        await ForgetMigrationsAsync();
        var schema = ledger.Host.Services.GetRequiredService<LedgerSchema>();

        await schema.ApplyAsync(CancellationToken.None);
        var key = Guid.NewGuid().ToString();
        var (_, first, _) = await ledger.PostAsync("/api/dossiers", Receipt(LedgerFixture.NewUnit()), Key(key));
        await ForgetMigrationsAsync();
        await schema.ApplyAsync(CancellationToken.None);

        (await SqlAsync("""
            SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum))
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = 'dl_idempotency'::regclass AND i.indisprimary
            """)).ShouldBe("caller,key");
        (await SqlAsync("SELECT count(*) FROM dl_idempotency WHERE key = 'before-the-upgrade'")).ShouldBe("0");
        var (_, replay, response) = await ledger.PostAsync("/api/dossiers", Receipt(first.GetProperty("unitCode").GetString()!), Key(key));
        response.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        replay.GetProperty("id").GetGuid().ShouldBe(first.GetProperty("id").GetGuid());
    }
}

using System.Net;
using System.Text.Json;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The desk's deadline rules over HTTP: published with a procedure version, kept by the receipt, each read back from the stream.</summary>
[Collection(LedgerCollection.Name)]
public sealed class DeadlineRulesHttpTests(LedgerFixture ledger)
{
    private static int _codes;

    /// <summary>An instant given in Vietnam time.</summary>
    private static Instant At(string local) => OffsetDateTimePattern.ExtendedIso.Parse($"{local}:00+07:00").Value.ToInstant();

    private static string Query(string local) => Uri.EscapeDataString($"{local}+07:00");

    /// <summary>Publishes a procedure of three working days with the deadline rules in <paramref name="rules"/> (JSON members).</summary>
    private async Task<string> PublishAsync(string rules, string timeLimit = "{\"amount\":3,\"unit\":\"workingDays\"}")
    {
        var code = $"T.DL{Interlocked.Increment(ref _codes)}-{Guid.NewGuid().ToString("N")[..6]}";
        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/procedures/{code}/versions",
            $$"""{"name":"Thủ tục thử","fieldCode":"HT","timeLimit":{{timeLimit}},"onlineLevel":"full","fee":0,"effectiveFrom":"2025-01-01",{{rules}}}""");
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        return code;
    }

    private async Task<IReadOnlyList<IDossierEvent>> StreamAsync(Guid id)
    {
        await using var session = ledger.Store.QuerySession();
        return [.. (await session.Events.FetchStreamAsync(id)).Select(e => (IDossierEvent)e.Data)];
    }

    private async Task<JsonElement> PostOkAsync(string url, object body)
    {
        var (status, view, _) = await ledger.PostAsync(url, body);
        status.ShouldBe(HttpStatusCode.OK, view.ToString());
        return view;
    }

    [Fact]
    public async Task A_published_version_keeps_its_online_limit_and_deadline_rules_in_the_store()
    {
        var code = await PublishAsync(
            """
            "onlineTimeLimit":{"amount":1,"unit":"workingDays"},"supplementTimeLimit":{"amount":5,"unit":"workingDays"},
            "stepBudgets":[{"step":"Thẩm định","amount":2,"unit":"workingDays"}]
            """);

        await using var session = ledger.Store.QuerySession();
        var stored = (await session.LoadAsync<ProcedureVersionDocument>(ProcedureVersionDocument.IdOf(code, 1)))!.ToVersion().Procedure;

        stored.OnlineTimeLimit.ShouldBe(new TimeLimit(1, TimeLimitUnit.WorkingDays));
        stored.Deadlines!.SupplementTimeLimit.ShouldBe(new TimeLimit(5, TimeLimitUnit.WorkingDays));
        stored.Deadlines.BudgetOf("thẩm định").ShouldBe(new TimeLimit(2, TimeLimitUnit.WorkingDays));
        var (_, view, _) = await ledger.GetAsync($"/api/admin/procedures/{Uri.EscapeDataString(code)}");
        view.GetProperty("versions")[0].GetProperty("deadlines").GetProperty("stepBudgets")[0].GetProperty("step").GetString().ShouldBe("Thẩm định");
    }

    [Fact]
    public async Task A_supplement_request_is_due_by_the_procedures_limit_shows_in_the_lapsed_queue_and_may_then_be_stopped()
    {
        var code = await PublishAsync("""
            "supplementTimeLimit":{"amount":5,"unit":"workingDays"}
            """);
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", code);

        var view = await PostOkAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-11T09:00:00+07:00", items = "Bản sao CCCD" });

        view.GetProperty("supplementDueAt").GetString().ShouldBe("2025-03-18T09:00:00+07:00");
        (await StreamAsync(id))[^1].ShouldBeOfType<SupplementRequested>().RespondBy.ShouldBe(At("2025-03-18T09:00"));
        var (_, lapsed, _) = await ledger.GetAsync($"/api/dossiers?unit={unit}&supplementDueBefore={Query("2025-03-18T09:01:00")}");
        var (_, notYet, _) = await ledger.GetAsync($"/api/dossiers?unit={unit}&supplementDueBefore={Query("2025-03-18T09:00:00")}");
        lapsed.GetProperty("total").GetInt64().ShouldBe(1);
        notYet.GetProperty("total").GetInt64().ShouldBe(0);

        var (status, problem, _) = await ledger.PostAsync($"/api/dossiers/{id}/stop",
            new { at = "2025-03-17T09:00:00+07:00", reason = "Quá hạn bổ sung", supplementLapsed = true });
        status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe(DossierRules.SupplementNotLapsed);
        (await StreamAsync(id)).Count.ShouldBe(2);

        await PostOkAsync($"/api/dossiers/{id}/stop", new { at = "2025-03-19T09:00:00+07:00", reason = "Quá hạn bổ sung", supplementLapsed = true });
        (await StreamAsync(id))[^1].ShouldBeOfType<DossierStopped>().SupplementLapsed.ShouldBeTrue();
    }

    [Fact]
    public async Task A_stated_supplement_deadline_wins_and_one_not_after_the_request_is_refused()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00");

        var (status, problem, _) = await ledger.PostAsync($"/api/dossiers/{id}/supplement-requests",
            new { at = "2025-03-11T09:00:00+07:00", items = "x", respondBy = "2025-03-11T08:00:00+07:00" });
        status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
        problem.GetProperty("rule").GetString().ShouldBe(DossierRules.DeadlineNotLater);
        (await StreamAsync(id)).Count.ShouldBe(1);

        await PostOkAsync($"/api/dossiers/{id}/supplement-requests", new { at = "2025-03-11T09:00:00+07:00", items = "x", respondBy = "2025-03-14T17:00:00+07:00" });
        (await StreamAsync(id))[^1].ShouldBeOfType<SupplementRequested>().RespondBy.ShouldBe(At("2025-03-14T17:00"));
    }

    [Fact]
    public async Task An_assignment_is_due_by_its_steps_budget_and_the_queue_reads_by_assignee_and_steps_past_budget()
    {
        var code = await PublishAsync("""
            "stepBudgets":[{"step":"Thẩm định","amount":2,"unit":"workingDays"}]
            """);
        var unit = LedgerFixture.NewUnit();
        var budgeted = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", code);
        var personal = await ledger.ReceiveAsync(unit, "2025-03-10T08:00:00+07:00", code);

        await PostOkAsync($"/api/dossiers/{budgeted}/assignments", new { at = "2025-03-10T09:00:00+07:00", step = "Thẩm định", assignee = "chuyenvien.a" });
        var view = await PostOkAsync($"/api/dossiers/{personal}/assignments",
            new { at = "2025-03-10T09:00:00+07:00", step = "Thẩm định", assignee = "chuyenvien.b", dueAt = "2025-03-14T17:00:00+07:00" });

        (await StreamAsync(budgeted))[^1].ShouldBeOfType<DossierAssigned>().StepDueAt.ShouldBe(At("2025-03-12T09:00"));
        (await StreamAsync(personal))[^1].ShouldBeOfType<DossierAssigned>().StepDueAt.ShouldBe(At("2025-03-14T17:00"));
        view.GetProperty("stepDueAt").GetString().ShouldBe("2025-03-14T17:00:00+07:00");
        var (_, mine, _) = await ledger.GetAsync($"/api/dossiers?unit={unit}&assignee=chuyenvien.a");
        mine.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([budgeted]);
        var (_, late, _) = await ledger.GetAsync($"/api/dossiers?unit={unit}&stepDueBefore={Query("2025-03-13T08:00:00")}");
        late.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldBe([budgeted]);

        // Waiting for the applicant moves the step's deadline as it moves the dossier's: a working day was left at the pause.
        await PostOkAsync($"/api/dossiers/{budgeted}/supplement-requests", new { at = "2025-03-11T09:00:00+07:00", items = "x" });
        var resumed = await PostOkAsync($"/api/dossiers/{budgeted}/supplements", new { at = "2025-03-14T09:00:00+07:00" });
        (await StreamAsync(budgeted))[^1].ShouldBeOfType<SupplementReceived>().NewStepDueAt.ShouldBe(At("2025-03-17T09:00"));
        resumed.GetProperty("stepDueAt").GetString().ShouldBe("2025-03-17T09:00:00+07:00");
    }

    [Fact]
    public async Task A_result_given_at_once_is_judged_on_time_even_when_resolved_days_later()
    {
        var code = await PublishAsync("\"resultAtOnce\":true", "{\"unit\":\"sameDay\"}");
        var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T08:00:00+07:00", code);

        var view = await PostOkAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-13T09:00:00+07:00" });

        view.GetProperty("resultAtOnce").GetBoolean().ShouldBeTrue();
        view.GetProperty("timeliness").GetString().ShouldBe("onTime");
        var events = await StreamAsync(id);
        events[0].ShouldBeOfType<DossierReceived>().Deadlines!.ResultAtOnce.ShouldBeTrue();
        events[^1].ShouldBeOfType<DossierResolved>().Timeliness.ShouldBe(Timeliness.OnTime);
    }
}

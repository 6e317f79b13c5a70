using System.Net;
using System.Text.Json;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Reconciliation;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The seed commune's report of April 2025 as it was typed by hand, reconciled with the ledger: its counts agree, its
/// rates do not, and its own contradictions are named; the submission is kept and reads the same later.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReconciliationTests(LedgerFixture ledger)
{
    private static object SeedReport() => new
    {
        unit = DemoCommune.UnitCode,
        from = "2021-01-01",
        to = "2025-04-14",
        figures = new object[]
        {
            new { figure = "received.total", value = 15034 }, new { figure = "received.carriedOver", value = 4 },
            new { figure = "received.new", value = 15030 }, new { figure = "received.online", value = 8658 },
            new { figure = "received.directOrPostal", value = 6372 }, new { figure = "resolved.total", value = 15022 },
            new { figure = "resolved.early", value = 12228 }, new { figure = "resolved.onTime", value = 2793 },
            new { figure = "resolved.overdue", value = 1 }, new { figure = "pending.total", value = 12 },
            new { figure = "rates.onTime", value = 100, where = "text" }, new { figure = "rates.online", value = 100, where = "text" },
            new { figure = "electronicDocuments", value = 5326, where = "text" }, new { figure = "electronicDocuments", value = 5236, where = "appendix" },
        },
    };

    private static Dictionary<string, JsonElement> Compared(JsonElement answer) =>
        answer.GetProperty("figures").EnumerateArray().GroupBy(f => f.GetProperty("figure").GetString()!).ToDictionary(g => g.Key, g => g.First());

    [Fact]
    public async Task The_seed_report_as_typed_agrees_in_its_counts_and_not_in_its_rates_and_is_kept()
    {
        var reporter = await ledger.AsAsync("report-builder", Roles.Reporter, DemoCommune.UnitCode);
        var before = await ledger.EventCountAsync();

        var (status, answer, response) = await ledger.PostAsync("/api/reports/reconciliations", SeedReport(), reporter);

        status.ShouldBe(HttpStatusCode.Created, answer.ToString());
        var figures = Compared(answer);
        foreach (var count in new[] { "received.total", "received.online", "resolved.early", "pending.total" })
        {
            (figures[count].GetProperty("agrees").GetBoolean(), figures[count].GetProperty("difference").GetDecimal()).ShouldBe((true, 0m), count);
        }

        figures["rates.onTime"].GetProperty("agrees").GetBoolean().ShouldBeFalse();
        figures["rates.onTime"].GetProperty("ledger").GetDecimal().ShouldBe(1502100m / 15022, 0.0000001m);
        figures["rates.online"].GetProperty("ledger").GetDecimal().ShouldBe(865800m / 15030, 0.0000001m);
        figures["electronicDocuments"].GetProperty("ledger").ValueKind.ShouldBe(JsonValueKind.Null);
        answer.GetProperty("brokenIdentities").EnumerateArray().Select(b => b.GetProperty("rule").GetString())
            .ShouldBe([TypedReport.TypedTwice, TypedReport.RateMismatch, TypedReport.RateMismatch]);

        // Kept as the one event of its own stream, with who submitted it and the hash of what was submitted.
        (await ledger.EventCountAsync()).ShouldBe(before + 1);
        var id = answer.GetProperty("id").GetGuid();
        await using (var session = ledger.Store.QuerySession())
        {
            var kept = (TypedReportSubmitted)(await session.Events.FetchStreamAsync(id)).ShouldHaveSingleItem().Data;
            (kept.UnitCode, kept.SubmittedBy, kept.Figures.Count, kept.Hash).ShouldBe((DemoCommune.UnitCode, "report-builder", 14, answer.GetProperty("hash").GetString()));
        }

        // Read later, by an auditor: the same comparison, as the ledger knew it when it was submitted.
        var (read, again, _) = await ledger.SendAsync(HttpMethod.Get, response.Headers.Location!.ToString(), null, await ledger.AsAsync("auditor", Roles.Auditor));
        read.ShouldBe(HttpStatusCode.OK, again.ToString());
        again.GetProperty("figures").ToString().ShouldBe(answer.GetProperty("figures").ToString());
        again.GetProperty("brokenIdentities").ToString().ShouldBe(answer.GetProperty("brokenIdentities").ToString());
    }

    [Fact]
    public async Task Bad_figures_a_clerk_and_another_unit_are_refused_and_nothing_is_kept()
    {
        var before = await ledger.EventCountAsync();

        var (status, problem, _) = await ledger.PostAsync("/api/reports/reconciliations", new
        {
            unit = DemoCommune.UnitCode,
            period = "2025-13",
            figures = new object[] { new { figure = "received.total", value = -1 }, new { value = 3 } },
        });
        status.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()
            .ShouldBe(["figures[0].value", "figures[1].figure", "period"]);
        (await ledger.PostAsync("/api/reports/reconciliations", new { unit = DemoCommune.UnitCode, period = "2025", figures = Array.Empty<object>() }))
            .Status.ShouldBe(HttpStatusCode.BadRequest);

        (await ledger.PostAsync("/api/reports/reconciliations", SeedReport(), await ledger.AsAsync("clerk", Roles.Clerk, DemoCommune.UnitCode)))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.PostAsync("/api/reports/reconciliations", SeedReport(), await ledger.AsAsync("elsewhere", Roles.Reporter, LedgerFixture.NewUnit())))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.GetAsync($"/api/reports/reconciliations/{Guid.NewGuid()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await ledger.EventCountAsync()).ShouldBe(before);
    }
}

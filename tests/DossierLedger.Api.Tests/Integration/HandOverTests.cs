using System.Net;
using System.Text.Json;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Handing a dossier over to another competent authority (chuyển hồ sơ): the new authority holds and acts on it from
/// that instant, the one before keeps what it had, and a hand-over nobody may take is refused by name.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class HandOverTests(LedgerFixture ledger)
{
    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> HandOverAsync(
        Guid id, string to, string at = "2025-03-12T09:00:00+07:00", IDictionary<string, string>? headers = null) =>
        ledger.PostAsync($"/api/dossiers/{id}/hand-overs", new { toUnitCode = to, reason = "không thuộc thẩm quyền", at }, headers);

    [Fact]
    public async Task The_new_authority_holds_and_acts_on_the_dossier_and_the_old_one_sees_it_as_it_was()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var (received, before, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = m.A,
            receivingUnitCode = m.T,
            procedureCode = "1.004873",
            channel = "direct",
            receivedAt = "2025-03-10T08:00:00+07:00",
        });
        received.ShouldBe(HttpStatusCode.Created, before.ToString());
        var id = before.GetProperty("id").GetGuid();
        var clerkOfA = await ledger.AsAsync("clerk-of-a", Roles.Clerk, m.A);
        var clerkOfB = await ledger.AsAsync("clerk-of-b", Roles.Clerk, m.B);

        var (status, view, _) = await HandOverAsync(id, m.B, headers: clerkOfA);

        status.ShouldBe(HttpStatusCode.OK, view.ToString());
        view.GetProperty("authorityCode").GetString().ShouldBe(m.B);
        view.GetProperty("unitCode").GetString().ShouldBe(m.A);
        view.GetProperty("dueAt").GetString().ShouldBe(before.GetProperty("dueAt").GetString());
        var handOver = view.GetProperty("handOvers").EnumerateArray().ShouldHaveSingleItem();
        handOver.GetProperty("fromUnitCode").GetString().ShouldBe(m.A);
        handOver.GetProperty("toUnitCode").GetString().ShouldBe(m.B);

        await using (var session = ledger.Store.QuerySession())
        {
            var handedOver = (await session.Events.FetchStreamAsync(id))[^1].Data.ShouldBeOfType<DossierHandedOver>();
            handedOver.ShouldBe(new DossierHandedOver(id, handedOver.OccurredAt, m.A, m.B, "không thuộc thẩm quyền", "clerk-of-a"));
        }

        // B's queue has it and B's clerk resolves it; A's clerk no longer acts on it, and sees it only as it stood; the
        // centre that received it still sees it.
        var (_, queueOfB, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers?unit={m.B}", null, clerkOfB);
        queueOfB.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldContain(id);
        var (_, queueOfA, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers?unit={m.A}", null, clerkOfA);
        queueOfA.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ShouldNotContain(id);
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-12T10:00:00+07:00" }, clerkOfA)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}", null, clerkOfA)).Status.ShouldBe(HttpStatusCode.Forbidden);
        var asItWas = Uri.EscapeDataString("2025-03-11T00:00:00+07:00");
        (await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}?asOf={asItWas}", null, clerkOfA)).Status.ShouldBe(HttpStatusCode.OK);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers/{id}", null, await ledger.AsAsync("centre-clerk", Roles.Clerk, m.T))).Status.ShouldBe(HttpStatusCode.OK);
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-12T10:00:00+07:00" }, clerkOfB)).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_hand_over_nobody_may_take_is_a_409_naming_the_rule_and_appends_nothing()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var id = await ledger.ReceiveAsync(m.A, "2025-03-10T08:00:00+07:00");
        var before = await ledger.EventCountAsync();

        foreach (var (to, rule) in new[] { (m.A, "hand-over-to-current-authority"), (m.T, "unit-cannot-resolve"), (m.P, "authority-not-competent") })
        {
            var (status, problem, _) = await HandOverAsync(id, to);
            status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
            problem.GetProperty("rule").GetString().ShouldBe(rule);
        }

        var (missing, errors, _) = await ledger.PostAsync($"/api/dossiers/{id}/hand-overs", new { toUnitCode = "", at = "2025-03-12T09:00:00+07:00" });
        missing.ShouldBe(HttpStatusCode.BadRequest);
        errors.GetProperty("errors").TryGetProperty("toUnitCode", out _).ShouldBeTrue(errors.ToString());
        errors.GetProperty("errors").TryGetProperty("reason", out _).ShouldBeTrue(errors.ToString());
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Each_authority_reports_its_part_the_province_counts_the_dossier_once_and_earlier_reports_stay()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var id = await ledger.ReceiveAsync(m.A, "2025-03-10T08:00:00+07:00");
        var aBefore = await ledger.ReportAsync(m.A, "2025-03-01", "2025-03-11");
        var provinceBefore = await ledger.ReportAsync(m.P, "2025-03-01", "2025-03-31");
        var beforeHandOver = LedgerFixture.NowForQuery();

        (await HandOverAsync(id, m.B)).Status.ShouldBe(HttpStatusCode.OK);

        // A's report for a range before the hand-over is the same; over March, A handed it over and B received it.
        (await ledger.ReportAsync(m.A, "2025-03-01", "2025-03-11")).ToString().ShouldBe(aBefore.ToString());
        var a = await ledger.ReportAsync(m.A, "2025-03-01", "2025-03-31");
        a.GetProperty("closedOther").GetProperty("handedOver").GetInt64().ShouldBe(1);
        a.GetProperty("pending").GetProperty("total").GetInt64().ShouldBe(0);
        var b = await ledger.ReportAsync(m.B, "2025-03-01", "2025-03-31");
        b.GetProperty("received").GetProperty("new").GetInt64().ShouldBe(1);
        b.GetProperty("received").GetProperty("handedIn").GetInt64().ShouldBe(1);
        b.GetProperty("pending").GetProperty("total").GetInt64().ShouldBe(1);

        // The province holds both: one dossier received, still pending, nothing handed over.
        var province = await ledger.ReportAsync(m.P, "2025-03-01", "2025-03-31");
        province.GetProperty("received").ToString().ShouldBe(provinceBefore.GetProperty("received").ToString());
        province.GetProperty("closedOther").GetProperty("handedOver").GetInt64().ShouldBe(0);
        province.GetProperty("pending").ToString().ShouldBe(provinceBefore.GetProperty("pending").ToString());

        // As known before the hand-over was recorded, A still held it; as known now, the refold gives what the counters give.
        var (_, knownBefore, _) = await ledger.GetAsync($"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={m.A}&asKnownAt={beforeHandOver}");
        knownBefore.GetProperty("pending").GetProperty("total").GetInt64().ShouldBe(1);
        foreach (var unit in new[] { m.A, m.B, m.P })
        {
            var (_, known, _) = await ledger.GetAsync($"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={unit}&asKnownAt={LedgerFixture.NowForQuery()}");
            known.GetProperty("received").ToString().ShouldBe((await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31")).GetProperty("received").ToString(), unit);
            known.GetProperty("pending").ToString().ShouldBe((await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31")).GetProperty("pending").ToString(), unit);
        }
    }

    [Fact]
    public async Task Each_authoritys_audit_trail_holds_the_events_of_its_part()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var id = await ledger.ReceiveAsync(m.A, "2025-03-10T08:00:00+07:00");
        await ledger.PostAsync($"/api/dossiers/{id}/assignments", new { at = "2025-03-11T08:00:00+07:00", step = "Thẩm định" });
        (await HandOverAsync(id, m.B)).Status.ShouldBe(HttpStatusCode.OK);
        await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-13T08:00:00+07:00" });

        async Task<List<string?>> TrailAsync(string unit) =>
            [.. (await ledger.GetAsync($"/api/audit/events?unit={unit}&dossier={id}")).Body.GetProperty("items").EnumerateArray()
                .Select(e => e.GetProperty("type").GetString())];

        (await TrailAsync(m.A)).ShouldBe(["DossierReceived", "DossierAssigned", "DossierHandedOver"]);
        (await TrailAsync(m.B)).ShouldBe(["DossierHandedOver", "DossierResolved"]);
        (await TrailAsync(m.P)).ShouldBe(["DossierReceived", "DossierAssigned", "DossierHandedOver", "DossierResolved"]);
    }

    [Fact]
    public async Task The_official_form_of_the_province_counts_a_hand_over_between_its_communes_once()
    {
        var m = await TestProvince.RegisterAsync(ledger, "2025-01-01");
        var id = await ledger.ReceiveAsync(m.A, "2025-03-10T08:00:00+07:00");
        (await HandOverAsync(id, m.B)).Status.ShouldBe(HttpStatusCode.OK);

        var (status, bieu06, _) = await ledger.GetAsync($"/api/reports/bieu06?from=2025-03-01&to=2025-03-31&unit={m.P}");

        status.ShouldBe(HttpStatusCode.OK, bieu06.ToString());
        var official = bieu06.GetProperty("official");
        var communes = official.GetProperty("levels").EnumerateArray().ShouldHaveSingleItem();
        var total = official.GetProperty("total").GetProperty("cells").EnumerateArray().Select(c => c.GetInt64()).ToList();
        total[0].ShouldBe(1); // received once
        total[4].ShouldBe(0); // nothing resolved: the hand-over stayed inside the province
        total[8].ShouldBe(1); // pending at B
        communes.GetProperty("cells").EnumerateArray().Select(c => c.GetInt64()).ShouldBe(total);
    }
}

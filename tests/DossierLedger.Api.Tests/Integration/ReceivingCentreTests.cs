using System.Net;
using System.Text.Json;
using DossierLedger.Api.Security;
using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// Receipt regardless of administrative boundaries (Nghị định 118/2025): a service centre receives for the competent
/// authority of its province — a commune or a provincial agency — and every other combination is refused by name.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReceivingCentreTests(LedgerFixture ledger)
{
    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> ReceiveAsync(
        string unit, string? receivingUnit, string procedure, IDictionary<string, string>? headers = null) =>
        ledger.PostAsync("/api/dossiers", new
        {
            unitCode = unit,
            receivingUnitCode = receivingUnit,
            procedureCode = procedure,
            channel = "direct",
            receivedAt = "2025-08-04T09:00:00+07:00",
        }, headers);

    [Fact]
    public async Task A_centre_receives_for_a_provincial_agency_and_for_a_commune_of_its_province()
    {
        var m = await TestProvince.RegisterAsync(ledger);
        var clerk = await ledger.AsAsync("centre-clerk", Roles.Clerk, m.T);

        var (status, view, _) = await ReceiveAsync(m.S, m.T, m.LandProcedure, clerk);
        status.ShouldBe(HttpStatusCode.Created, view.ToString());
        view.GetProperty("unitCode").GetString().ShouldBe(m.S);
        view.GetProperty("receivingUnitCode").GetString().ShouldBe(m.T);
        view.GetProperty("receivedBy").GetString().ShouldBe("centre-clerk");
        view.GetProperty("receiptNo").GetString()!.ShouldStartWith(m.S); // the authority's numbering

        await using var session = ledger.Store.QuerySession();
        var received = (DossierReceived)(await session.Events.FetchStreamAsync(view.GetProperty("id").GetGuid())).Single().Data;
        received.ShouldBe(received with { UnitCode = m.S, ReceivingUnitCode = m.T, ReceivedBy = "centre-clerk" });

        (await ReceiveAsync(m.A, m.T, "1.004873", clerk)).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_receipt_outside_jurisdiction_is_a_409_naming_the_rule_and_appends_nothing()
    {
        var m = await TestProvince.RegisterAsync(ledger);
        var cases = new (string Unit, string? Receiving, string Procedure, string Rule)[]
        {
            (m.A, m.T, m.LandProcedure, "authority-not-competent"), // a land procedure for a commune
            (m.S, m.T, "1.004873", "authority-not-competent"), // a commune procedure for the land agency
            (m.X, m.T, "1.004873", "centre-outside-province"),
            (m.T, null, "1.004873", "unit-cannot-resolve"),
            (m.A, m.S, "1.004873", "unit-cannot-receive-for-others"),
        };
        var before = await ledger.EventCountAsync();

        foreach (var (unit, receiving, procedure, rule) in cases)
        {
            var (status, problem, _) = await ReceiveAsync(unit, receiving, procedure);
            status.ShouldBe(HttpStatusCode.Conflict, problem.ToString());
            problem.GetProperty("rule").GetString().ShouldBe(rule, $"{unit} via {receiving} for {procedure}");
        }

        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_receiving_clerk_and_the_authority_see_the_dossier_and_a_third_unit_does_not()
    {
        var m = await TestProvince.RegisterAsync(ledger);
        var (_, view, _) = await ReceiveAsync(m.A, m.T, "1.004873", await ledger.AsAsync("centre-clerk", Roles.Clerk, m.T));
        var url = $"/api/dossiers/{view.GetProperty("id").GetGuid()}";

        (await ledger.SendAsync(HttpMethod.Get, url, null, await ledger.AsAsync("centre-clerk", Roles.Clerk, m.T))).Status.ShouldBe(HttpStatusCode.OK);
        (await ledger.SendAsync(HttpMethod.Get, url, null, await ledger.AsAsync("clerk-of-a", Roles.Clerk, m.A))).Status.ShouldBe(HttpStatusCode.OK);
        (await ledger.SendAsync(HttpMethod.Get, url, null, await ledger.AsAsync("clerk-of-b", Roles.Clerk, m.B))).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ReceiveAsync(m.A, m.T, "1.004873", await ledger.AsAsync("clerk-of-a", Roles.Clerk, m.A))).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_office_hours_of_the_receiving_unit_start_the_clock()
    {
        // 8 working hours from Monday 10/3/2025 06:45 at the early desk (06:30–11:00, 13:00–16:30): due Tuesday 06:45.
        var (status, view, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = LedgerFixture.NewUnit(),
            receivingUnitCode = LedgerFixture.EarlyDesk,
            procedureCode = "1.008004",
            channel = "direct",
            receivedAt = "2025-03-10T06:45:00+07:00",
        });

        status.ShouldBe(HttpStatusCode.Created, view.ToString());
        view.GetProperty("dueAt").GetString().ShouldBe("2025-03-11T06:45:00+07:00");
    }
}

using System.Net;
using System.Text.Json;
using DossierLedger.Api.Security;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// A receiving desk's workload (hồ sơ tiếp nhận phi địa giới): what it received, for itself and for other authorities,
/// by authority and by clerk; every figure is the length of the list of dossiers behind it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class CentreWorkloadTests(LedgerFixture ledger)
{
    private async Task<Guid> ReceiveAsync(string authority, string desk, string procedure, string channel, string at, IDictionary<string, string> clerk)
    {
        var (status, view, _) = await ledger.PostAsync("/api/dossiers", new
        {
            unitCode = authority,
            receivingUnitCode = desk,
            procedureCode = procedure,
            channel,
            receivedAt = at,
        }, clerk);
        status.ShouldBe(HttpStatusCode.Created, view.ToString());
        return view.GetProperty("id").GetGuid();
    }

    private static Dictionary<string, JsonElement> Lines(JsonElement workload, string name) =>
        workload.GetProperty(name).EnumerateArray().ToDictionary(l => l.GetProperty("key").GetString() ?? "-");

    [Fact]
    public async Task A_desk_counts_what_it_received_by_authority_and_clerk_and_each_figure_lists_its_dossiers()
    {
        var m = await TestProvince.RegisterAsync(ledger);
        var (mai, lan) = (await ledger.AsAsync($"{m.A}-mai", Roles.Clerk, m.A), await ledger.AsAsync($"{m.A}-lan", Roles.Clerk, m.A));
        const string procedure = TestProvince.CommuneProcedure;
        var own = await ReceiveAsync(m.A, m.A, procedure, "direct", "2025-08-04T09:00:00+07:00", mai);
        await ReceiveAsync(m.A, m.A, procedure, "online", "2025-08-05T09:00:00+07:00", mai);
        await ReceiveAsync(m.A, m.A, procedure, "direct", "2025-08-06T09:00:00+07:00", lan);
        await ReceiveAsync(m.B, m.A, procedure, "direct", "2025-08-06T10:00:00+07:00", mai);
        await ReceiveAsync(m.B, m.A, procedure, "postal", "2025-08-08T15:00:00+07:00", lan);
        await ReceiveAsync(m.A, m.T, procedure, "direct", "2025-08-05T09:00:00+07:00", await ledger.AsAsync("centre-clerk", Roles.Clerk, m.T));
        // Handed over later, it stays in the workload of the desk that received it, under the authority it was received for.
        (await ledger.PostAsync($"/api/dossiers/{own}/hand-overs", new { toUnitCode = m.B, reason = "không thuộc thẩm quyền", at = "2025-08-07T09:00:00+07:00" }))
            .Status.ShouldBe(HttpStatusCode.OK);

        var (status, workload, _) = await ledger.GetAsync($"/api/reports/centre-workload?unit={m.A}&period=2025-08");

        status.ShouldBe(HttpStatusCode.OK, workload.ToString());
        workload.GetProperty("unitName").GetString().ShouldBe("Xã A");
        workload.GetProperty("received").GetInt64().ShouldBe(5);
        workload.GetProperty("forOthers").GetInt64().ShouldBe(2);
        var byAuthority = Lines(workload, "byAuthority");
        byAuthority.Keys.ShouldBe([m.A, m.B]);
        byAuthority[m.A].GetProperty("name").GetString().ShouldBe("Xã A");
        (byAuthority[m.A].GetProperty("received").GetInt64(), byAuthority[m.A].GetProperty("forOthers").GetInt64()).ShouldBe((3, 0));
        (byAuthority[m.A].GetProperty("online").GetInt64(), byAuthority[m.A].GetProperty("direct").GetInt64()).ShouldBe((1, 2));
        (byAuthority[m.B].GetProperty("received").GetInt64(), byAuthority[m.B].GetProperty("postal").GetInt64()).ShouldBe((2, 1));
        var byClerk = Lines(workload, "byClerk");
        (byClerk[$"{m.A}-mai"].GetProperty("received").GetInt64(), byClerk[$"{m.A}-mai"].GetProperty("forOthers").GetInt64()).ShouldBe((3, 1));
        (byClerk[$"{m.A}-lan"].GetProperty("received").GetInt64(), byClerk[$"{m.A}-lan"].GetProperty("forOthers").GetInt64()).ShouldBe((2, 1));

        foreach (var (from, to) in new[] { ("2025-08-01", "2025-08-31"), ("2025-08-05", "2025-08-06"), ("2025-08-06", "2025-08-06"), ("2025-08-07", "2025-08-08") })
        {
            await EveryFigureIsTheLengthOfItsListAsync(m.A, from, to);
        }
    }

    private async Task EveryFigureIsTheLengthOfItsListAsync(string desk, string from, string to)
    {
        var range = $"unit={desk}&from={from}&to={to}";
        var (_, workload, _) = await ledger.GetAsync($"/api/reports/centre-workload?{range}");

        async Task<long> ListedAsync(string filter)
        {
            var (status, page, _) = await ledger.GetAsync($"/api/reports/centre-workload/dossiers?{range}{filter}");
            status.ShouldBe(HttpStatusCode.OK, page.ToString());
            return page.GetProperty("total").GetInt64();
        }

        (await ListedAsync("")).ShouldBe(workload.GetProperty("received").GetInt64(), range);
        (await ListedAsync("&forOthers=true")).ShouldBe(workload.GetProperty("forOthers").GetInt64(), range);
        foreach (var (key, line) in Lines(workload, "byAuthority"))
        {
            (await ListedAsync($"&authority={key}")).ShouldBe(line.GetProperty("received").GetInt64(), $"{range} {key}");
        }

        foreach (var (key, line) in Lines(workload, "byClerk"))
        {
            (await ListedAsync($"&clerk={Uri.EscapeDataString(key)}")).ShouldBe(line.GetProperty("received").GetInt64(), $"{range} {key}");
            (await ListedAsync($"&clerk={Uri.EscapeDataString(key)}&forOthers=true")).ShouldBe(line.GetProperty("forOthers").GetInt64(), $"{range} {key}");
        }
    }

    [Fact]
    public async Task Another_unit_may_not_read_a_desks_workload_and_bad_parameters_are_400s()
    {
        var m = await TestProvince.RegisterAsync(ledger);
        var range = "from=2025-08-01&to=2025-08-31";

        (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/centre-workload?unit={m.A}&{range}", null, await ledger.AsAsync("clerk-of-b", Roles.Clerk, m.B)))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/centre-workload/dossiers?unit={m.A}&{range}", null, await ledger.AsAsync("clerk-of-b", Roles.Clerk, m.B)))
            .Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/centre-workload?unit={m.A}&{range}", null, await ledger.AsAsync("reporter-of-p", Roles.Reporter, m.P)))
            .Status.ShouldBe(HttpStatusCode.OK);

        var (status, problem, _) = await ledger.GetAsync($"/api/reports/centre-workload?{range}");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("unit", out _).ShouldBeTrue(problem.ToString());
        (status, problem, _) = await ledger.GetAsync($"/api/reports/centre-workload/dossiers?unit={m.A}&from=2025-08-31&to=2025-08-01&pageSize=0");
        status.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["pageSize", "to"]);
    }
}

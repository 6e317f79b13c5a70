using System.Net;
using System.Text.Json;
using Alba;
using DossierLedger.Api.Security;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Units;
using Wolverine;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The administrative-unit registry over HTTP: province roll-ups, the 2025 reform, and what a token's units reach.</summary>
[Collection(LedgerCollection.Name)]
public sealed class UnitRegistryTests(LedgerFixture ledger)
{
    /// <summary>Fresh codes for a province P, district D, communes A, B, C and the commune N the reform makes of A and B.</summary>
    private sealed record Map(string P, string D, string A, string B, string C, string N)
    {
        public static Map Fresh()
        {
            var stem = LedgerFixture.NewUnit();
            return new($"{stem}-P", $"{stem}-D", $"{stem}-A", $"{stem}-B", $"{stem}-C", $"{stem}-N");
        }
    }

    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> ChangeAsync(params object[] changes) =>
        ledger.PostAsync("/api/admin/units/changes", new { changes });

    private async Task<Map> RegisterBeforeReformAsync()
    {
        var m = Map.Fresh();
        var (status, body, _) = await ChangeAsync(
            new { change = "establish", code = m.P, name = "Tỉnh P", level = "province", effectiveFrom = "2008-01-01" },
            new { change = "establish", code = m.D, name = "Huyện D", level = "district", parentCode = m.P, effectiveFrom = "2008-01-01" },
            new { change = "establish", code = m.A, name = "Xã A", level = "commune", parentCode = m.D, effectiveFrom = "2008-01-01" },
            new { change = "establish", code = m.B, name = "Xã B", level = "commune", parentCode = m.D, effectiveFrom = "2008-01-01" },
            new { change = "establish", code = m.C, name = "Xã C", level = "commune", parentCode = m.D, effectiveFrom = "2008-01-01" });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return m;
    }

    private Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> ReformAsync(Map m) => ChangeAsync(
        new { change = "establish", code = m.N, name = "Xã N", level = "commune", parentCode = m.P, effectiveFrom = "2025-07-01" },
        new { change = "merge", code = m.N, predecessors = new[] { m.A, m.B }, effectiveFrom = "2025-07-01" },
        new { change = "move", code = m.C, parentCode = m.P, effectiveFrom = "2025-07-01" },
        new { change = "dissolve", code = m.D, effectiveFrom = "2025-07-01" });

    private static int Received(JsonElement report) => report.GetProperty("received").GetProperty("total").GetInt32();

    private static int Pending(JsonElement report) => report.GetProperty("pending").GetProperty("total").GetInt32();

    [Fact]
    public async Task A_unit_s_address_is_recorded_at_establishment_and_changed_from_a_day()
    {
        var m = Map.Fresh();
        var (status, body, _) = await ChangeAsync(
            new { change = "establish", code = m.P, name = "Tỉnh P", level = "province", effectiveFrom = "2008-01-01" },
            new { change = "establish", code = m.A, name = "Xã A", level = "commune", parentCode = m.P, effectiveFrom = "2008-01-01", address = "Thôn 1, xã A" });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());

        (status, body, _) = await ChangeAsync(new { change = "address", code = m.A, address = "Thôn Đồng Tâm, xã A", effectiveFrom = "2025-07-01" });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());

        var (_, before, _) = await ledger.GetAsync($"/api/units?asOf=2025-06-30&parent={m.P}");
        before.GetProperty("units")[0].GetProperty("address").GetString().ShouldBe("Thôn 1, xã A");
        var (_, unit, _) = await ledger.GetAsync($"/api/units/{m.A}");
        unit.GetProperty("address").GetString().ShouldBe("Thôn Đồng Tâm, xã A");
        unit.GetProperty("addresses").GetArrayLength().ShouldBe(2);

        (status, body, _) = await ChangeAsync(new { change = "address", code = m.A, address = "Thôn 3", effectiveFrom = "2025-07-01" });
        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("change-out-of-order");
        (status, body, _) = await ChangeAsync(new { change = "address", code = m.A, effectiveFrom = "2025-08-01" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("changes[0].address", out _).ShouldBeTrue(body.ToString());
        (status, body, _) = await ChangeAsync(new { change = "move", code = m.A, parentCode = m.P, address = "x", effectiveFrom = "2025-08-01" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("changes[0].address", out _).ShouldBeTrue(body.ToString());
    }

    [Fact]
    public async Task A_merged_commune_reports_its_predecessors_and_old_reports_stay_as_they_were()
    {
        var m = await RegisterBeforeReformAsync();
        var resolvedInA = await ledger.ReceiveAsync(m.A, "2025-03-03T08:00:00+07:00");
        await ledger.PostAsync($"/api/dossiers/{resolvedInA}/resolution", new { at = "2025-03-04T09:00:00+07:00" });
        var pendingInB = await ledger.ReceiveAsync(m.B, "2025-06-26T08:00:00+07:00", procedureCode: "1.001193");
        await ledger.ReceiveAsync(m.C, "2025-05-05T08:00:00+07:00");
        var provinceFirstHalf = await ledger.ReportAsync(m.P, "2025-01-01", "2025-06-30");
        var aFirstHalf = await ledger.ReportAsync(m.A, "2025-01-01", "2025-06-30");
        var beforeReform = LedgerFixture.NowForQuery();

        var (status, body, _) = await ReformAsync(m);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());

        // The merged commune over a range spanning the merger: its predecessors' dossiers, and only theirs.
        var year = await ledger.ReportAsync(m.N, "2025-01-01", "2025-12-31");
        Received(year).ShouldBe(2);
        year.GetProperty("coveredUnits").EnumerateArray().Select(u => u.GetString()).ShouldBe(new[] { m.A, m.B, m.N }.Order(StringComparer.Ordinal));
        // After the merger: B's pending dossier is carried over into N's quarter.
        var third = await ledger.ReportAsync(m.N, "2025-07-01", "2025-09-30");
        third.GetProperty("received").GetProperty("carriedOver").GetInt32().ShouldBe(1);
        // Old reports are reproduced exactly: the province's half-year and a predecessor's own.
        (await ledger.ReportAsync(m.P, "2025-01-01", "2025-06-30")).GetProperty("received").ToString().ShouldBe(provinceFirstHalf.GetProperty("received").ToString());
        (await ledger.ReportAsync(m.A, "2025-01-01", "2025-06-30")).GetProperty("resolved").ToString().ShouldBe(aFirstHalf.GetProperty("resolved").ToString());
        Received(provinceFirstHalf).ShouldBe(3);
        // The province after the reform: C directly under it, N with its predecessors, the district gone.
        var provinceThird = await ledger.ReportAsync(m.P, "2025-07-01", "2025-09-30");
        provinceThird.GetProperty("coveredUnits").EnumerateArray().Select(u => u.GetString()).ShouldBe(new[] { m.A, m.B, m.C, m.N, m.P }.Order(StringComparer.Ordinal));
        Pending(provinceThird).ShouldBe(2);

        // As known before the reform was recorded, N was nobody: the registry is part of what an auditor replays.
        var (_, known, _) = await ledger.GetAsync($"/api/reports/period?from=2025-01-01&to=2025-12-31&unit={m.N}&asKnownAt={beforeReform}");
        Received(known).ShouldBe(0);
        var (_, knownNow, _) = await ledger.GetAsync($"/api/reports/period?from=2025-01-01&to=2025-12-31&unit={m.N}&asKnownAt={LedgerFixture.NowForQuery()}");
        Received(knownNow).ShouldBe(2);

        // N's clerk works B's dossier; nobody receives into A any more.
        var clerkOfN = await ledger.AsAsync("clerk-of-n", Roles.Clerk, m.N);
        (await ledger.PostAsync($"/api/dossiers/{pendingInB}/resolution", new { at = "2025-07-02T09:00:00+07:00" }, clerkOfN)).Status.ShouldBe(HttpStatusCode.OK);
        var (queueStatus, queue, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/dossiers?unit={m.N}&status=resolved", null, clerkOfN);
        queueStatus.ShouldBe(HttpStatusCode.OK, queue.ToString());
        queue.GetProperty("total").GetInt32().ShouldBe(2);
        var (refused, problem, _) = await ledger.PostAsync("/api/dossiers",
            new { unitCode = m.A, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-07-02T08:00:00+07:00" });
        refused.ShouldBe(HttpStatusCode.Conflict);
        problem.GetProperty("rule").GetString().ShouldBe("unit-dissolved");
        problem.GetProperty("detail").GetString()!.ShouldContain(m.N);
    }

    [Fact]
    public async Task A_token_for_a_province_reaches_its_communes_and_a_communes_token_not_its_province()
    {
        var m = await RegisterBeforeReformAsync();
        await ledger.ReceiveAsync(m.C, "2025-05-05T08:00:00+07:00");
        var provinceReporter = await ledger.AsAsync("province-reporter", Roles.Reporter, m.P);
        var communeReporter = await ledger.AsAsync("commune-reporter", Roles.Reporter, m.C);

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/reports/period?from=2025-01-01&to=2025-12-31&unit={m.C}", null, provinceReporter);
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        Received(body).ShouldBe(1);
        (await ledger.SendAsync(HttpMethod.Get, $"/api/reports/period?from=2025-01-01&to=2025-12-31&unit={m.P}", null, provinceReporter)).Status.ShouldBe(HttpStatusCode.OK);
        var (denied, problem, _) = await ledger.SendAsync(HttpMethod.Get, $"/api/reports/period?from=2025-01-01&to=2025-12-31&unit={m.P}", null, communeReporter);
        denied.ShouldBe(HttpStatusCode.Forbidden);
        problem.GetProperty("rule").GetString().ShouldBe("other-unit");
    }

    [Fact]
    public async Task A_batch_with_a_bad_field_or_a_broken_rule_records_nothing()
    {
        var m = await RegisterBeforeReformAsync();
        var versionBefore = await RegistryVersionAsync();

        var (status, body, _) = await ChangeAsync(
            new { change = "establish", code = m.N, name = "Xã N", level = "hamlet", effectiveFrom = "2025-07-01" },
            new { change = "move", code = m.C, name = "renamed", effectiveFrom = "2025-13-01" },
            new { change = "teleport", code = m.A, effectiveFrom = "2025-07-01" });
        status.ShouldBe(HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors");
        errors.TryGetProperty("changes[0].level", out _).ShouldBeTrue(body.ToString());
        errors.TryGetProperty("changes[1].name", out _).ShouldBeTrue(body.ToString());
        errors.TryGetProperty("changes[1].effectiveFrom", out _).ShouldBeTrue(body.ToString());
        errors.TryGetProperty("changes[2].change", out _).ShouldBeTrue(body.ToString());

        // The district cannot go while its communes sit under it: the second change names the rule, the first is not kept either.
        (status, body, _) = await ChangeAsync(
            new { change = "establish", code = m.N, name = "Xã N", level = "commune", parentCode = m.P, effectiveFrom = "2025-07-01" },
            new { change = "dissolve", code = m.D, effectiveFrom = "2025-07-01" });
        status.ShouldBe(HttpStatusCode.Conflict);
        body.GetProperty("rule").GetString().ShouldBe("unit-has-children");
        body.GetProperty("index").GetInt32().ShouldBe(1);

        (await RegistryVersionAsync()).ShouldBe(versionBefore);
        (await ledger.GetAsync($"/api/units/{m.N}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_recorded_changes_are_events_of_the_registry_stream_and_read_back_as_the_units_history()
    {
        var m = await RegisterBeforeReformAsync();
        (await ReformAsync(m)).Status.ShouldBe(HttpStatusCode.OK);

        await using var session = ledger.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(UnitDirectory.StreamId);
        events.Select(e => e.Data).OfType<UnitsMerged>().ShouldContain(e => e.Code == m.N && e.Predecessors.SequenceEqual(new[] { m.A, m.B }));
        events.Where(e => e.Data is IUnitEvent u && u.Code == m.D).Select(e => e.UserName).ShouldAllBe(user => user == "test-admin");

        var (status, unit, _) = await ledger.GetAsync($"/api/units/{m.C}");
        status.ShouldBe(HttpStatusCode.OK);
        unit.GetProperty("parentCode").GetString().ShouldBe(m.P);
        unit.GetProperty("parents").EnumerateArray().Select(p => p.GetProperty("parentCode").GetString()).ShouldBe([m.D, m.P]);
        var (_, a, _) = await ledger.GetAsync($"/api/units/{m.A}");
        a.GetProperty("endedOn").GetString().ShouldBe("2025-07-01");
        a.GetProperty("successorCode").GetString().ShouldBe(m.N);

        var (_, before, _) = await ledger.GetAsync($"/api/units?asOf=2025-06-30&parent={m.D}");
        before.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ShouldBe([m.A, m.B, m.C]);
        var (_, after, _) = await ledger.GetAsync($"/api/units?asOf=2025-07-01&parent={m.P}&level=commune");
        after.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ShouldBe([m.C, m.N]);
    }

    [Fact]
    public async Task By_default_a_dossier_is_received_and_a_token_minted_only_for_a_registered_unit()
    {
        // A host with the shipped setting (the shared fixture accepts any code, for the other tests' throwaway units).
        await using var host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:DossierLedger", ledger.DirectSqlConnectionString);
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
        var token = (await ledger.MintAsync("strict-clerk", Roles.Clerk)).Secret;
        var unregistered = LedgerFixture.NewUnit();
        var registered = (await RegisterBeforeReformAsync()).C;

        var refused = await host.Scenario(s =>
        {
            s.Post.Json(new { unitCode = unregistered, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }).ToUrl("/api/dossiers");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        (await refused.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("unitCode")[0].GetString()!.ShouldContain("not a registered");

        await host.Scenario(s =>
        {
            s.Post.Json(new { unitCode = registered, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-03-10T08:00:00+07:00" }).ToUrl("/api/dossiers");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        // The same rule for a token's units.
        var admin = (await ledger.MintAsync("strict-admin", Roles.Admin)).Secret;
        var unknownUnit = await host.Scenario(s =>
        {
            s.Post.Json(new { name = "strict.clerk", role = "clerk", units = new[] { registered, unregistered } }).ToUrl("/api/admin/tokens");
            s.WithRequestHeader("Authorization", $"Bearer {admin}");
            s.StatusCodeShouldBe(HttpStatusCode.BadRequest);
        });
        (await unknownUnit.ReadAsJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("units[1]")[0].GetString()!.ShouldContain("not a registered");
        await host.Scenario(s =>
        {
            s.Post.Json(new { name = "strict.clerk", role = "clerk", units = new[] { registered } }).ToUrl("/api/admin/tokens");
            s.WithRequestHeader("Authorization", $"Bearer {admin}");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
    }

    private async Task<long> RegistryVersionAsync()
    {
        await using var session = ledger.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(UnitDirectory.StreamId))?.Version ?? 0;
    }
}

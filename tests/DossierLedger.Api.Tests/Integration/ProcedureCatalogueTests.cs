using System.Net;
using System.Text.Json;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The shipped catalogue file, read by the real loader: the demo commune's published counts and the codes others rely on.</summary>
public sealed class ShippedProcedureCatalogueTests
{
    private static readonly ProcedureCatalogue Catalogue = ProcedureCatalogueFile.Load();

    [Fact]
    public void Has_the_demo_communes_counts()
    {
        var all = Catalogue.All;

        all.Count.ShouldBe(126);
        all.Select(p => p.FieldCode).Distinct().Count().ShouldBe(12);
        Catalogue.Fields.Count.ShouldBe(12);
        all.Count(p => p.OnlineLevel == OnlineLevel.Full).ShouldBe(83);
        all.Count(p => p.Joint).ShouldBe(4);
        all.Count(p => p.Fee > 0).ShouldBe(8);
    }

    [Fact]
    public void Every_entry_is_a_sound_version_1()
    {
        Catalogue.AllVersions.Count.ShouldBe(126);
        Catalogue.AllVersions.ShouldAllBe(v => v.Version == 1 && v.EffectiveFrom == ProcedureCatalogue.ShippedEffectiveFrom);
        Catalogue.All.Select(p => p.Code).Distinct().Count().ShouldBe(126);
        Catalogue.All.Select(p => p.Name).Distinct().Count().ShouldBe(126);
        Catalogue.All.ShouldAllBe(p => p.Name.Length > 0 && p.FieldName.Length > 0);
        Catalogue.All.Where(p => p.TimeLimit.Unit != TimeLimitUnit.SameDay).ShouldAllBe(p => p.TimeLimit.Amount > 0);
        Catalogue.All.Where(p => p.TimeLimit.Unit == TimeLimitUnit.SameDay).ShouldAllBe(p => p.TimeLimit.CutoffHour == 15);
        // Only a fee can pause the clock.
        var pausing = Catalogue.All.Where(p => p.PaymentPausesClock).ToList();
        pausing.Count.ShouldBe(2);
        pausing.ShouldAllBe(p => p.Fee > 0);
        Catalogue.Fields["HT"].ShouldBe("Hộ tịch");
        Catalogue.Fields["CT"].ShouldBe("Chứng thực");
    }

    [Theory]
    [InlineData("1.001193", "HT", 0, TimeLimitUnit.SameDay, OnlineLevel.Full, 0, false)]
    [InlineData("1.004873", "HT", 3, TimeLimitUnit.WorkingDays, OnlineLevel.Full, 0, false)]
    [InlineData("1.004884", "HT", 5, TimeLimitUnit.WorkingDays, OnlineLevel.Full, 0, false)]
    [InlineData("1.001766", "HT", 5, TimeLimitUnit.WorkingDays, OnlineLevel.Full, 0, true)]
    [InlineData("2.000815", "CT", 0, TimeLimitUnit.SameDay, OnlineLevel.Partial, 2000, false)]
    [InlineData("2.001035", "CT", 2, TimeLimitUnit.WorkingDays, OnlineLevel.None, 50000, false)]
    [InlineData("1.003554", "DD", 45, TimeLimitUnit.CalendarDays, OnlineLevel.Partial, 0, false)]
    [InlineData("1.008004", "NN", 8, TimeLimitUnit.WorkingHours, OnlineLevel.Partial, 0, false)]
    public void Keeps_the_procedures_tests_and_demo_data_rely_on(
        string code, string field, int amount, TimeLimitUnit unit, OnlineLevel online, int fee, bool joint)
    {
        var procedure = Catalogue.Find(code).ShouldNotBeNull();

        procedure.FieldCode.ShouldBe(field);
        procedure.TimeLimit.ShouldBe(new TimeLimit(amount, unit, unit == TimeLimitUnit.SameDay ? 15 : null));
        procedure.OnlineLevel.ShouldBe(online);
        procedure.Fee.ShouldBe(fee);
        procedure.Joint.ShouldBe(joint);
        procedure.PaymentPausesClock.ShouldBeFalse();
    }
}

/// <summary>The admin endpoints over HTTP: publishing versions, reading them back, validation, ordering, persistence.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ProcedureCatalogueTests(LedgerFixture ledger)
{
    private static int _codes;

    /// <summary>A procedure code no other test uses, so publishing never changes what other tests receive.</summary>
    private static string NewCode() => $"T.{Interlocked.Increment(ref _codes)}-{Guid.NewGuid().ToString("N")[..8]}";

    private static object Version(string effectiveFrom, int amount = 3, string unit = "workingDays", string field = "HT", decimal fee = 0) => new
    {
        name = "Thủ tục thử nghiệm",
        fieldCode = field,
        timeLimit = new { amount, unit },
        onlineLevel = "full",
        fee,
        joint = false,
        paymentPausesClock = false,
        effectiveFrom,
    };

    private async Task<JsonElement> PublishAsync(string code, object body)
    {
        var (status, json, response) = await ledger.PostAsync($"/api/admin/procedures/{code}/versions", body);
        status.ShouldBe(HttpStatusCode.Created, json.ToString());
        response.Headers.Location!.ToString().ShouldBe($"/api/admin/procedures/{code}");
        return json;
    }

    private async Task<IReadOnlyList<ProcedureVersionDocument>> StoredAsync(string code)
    {
        await using var session = ledger.Store.QuerySession();
        return await session.Query<ProcedureVersionDocument>().Where(d => d.Code == code).OrderBy(d => d.Version).ToListAsync();
    }

    private static Instant InstantOf(JsonElement value) => OffsetDateTimePattern.ExtendedIso.Parse(value.GetString()!).Value.ToInstant();

    [Fact]
    public async Task A_published_version_is_listed_stored_and_survives_a_reload()
    {
        var code = NewCode();

        var first = await PublishAsync(code, Version("2025-01-01", amount: 3));
        var second = await PublishAsync(code, Version("2025-07-01T00:00:00+07:00", amount: 5, unit: "workingDays", field: "CT"));

        first.GetProperty("version").GetInt32().ShouldBe(1);
        first.GetProperty("effectiveFrom").GetString().ShouldBe("2025-01-01T00:00:00+07:00");
        first.GetProperty("fieldName").GetString().ShouldBe("Hộ tịch");
        second.GetProperty("version").GetInt32().ShouldBe(2);
        second.GetProperty("fieldName").GetString().ShouldBe("Chứng thực");
        second.GetProperty("timeLimit").GetProperty("amount").GetInt32().ShouldBe(5);

        var (status, history, _) = await ledger.GetAsync($"/api/admin/procedures/{code}");
        status.ShouldBe(HttpStatusCode.OK, history.ToString());
        history.GetProperty("code").GetString().ShouldBe(code);
        history.GetProperty("latestVersion").GetInt32().ShouldBe(2);
        history.GetProperty("versions").EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("effectiveFrom").GetString()))
            .ShouldBe([(1, "2025-01-01T00:00:00+07:00"), (2, "2025-07-01T00:00:00+07:00")]);

        var (allStatus, all, _) = await ledger.GetAsync("/api/admin/procedures");
        allStatus.ShouldBe(HttpStatusCode.OK);
        all.EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
            .GetProperty("versions").GetArrayLength().ShouldBe(2);
        var shipped = all.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "1.001193");
        shipped.GetProperty("versions")[0].GetProperty("effectiveFrom").GetString().ShouldBe("2000-01-01T00:00:00+07:00");

        // Stored in PostgreSQL, read back through a fresh session.
        var stored = await StoredAsync(code);
        stored.Select(d => (d.Id, d.Version, d.TimeLimitAmount, d.FieldCode))
            .ShouldBe([($"{code}@1", 1, 3, "HT"), ($"{code}@2", 2, 5, "CT")]);
        stored[1].EffectiveFrom.ShouldBe(Instant.FromUtc(2025, 6, 30, 17, 0));

        // A restarted host: the shipped file plus what the store loads gives the same versions.
        var restarted = ProcedureCatalogueFile.Load();
        (await new ProcedureCatalogueStore(ledger.Store, restarted, NullLogger<ProcedureCatalogueStore>.Instance).LoadAsync(CancellationToken.None))
            .ShouldBeGreaterThanOrEqualTo(2);
        restarted.Versions(code).Select(v => v.Version).ShouldBe([1, 2]);
        restarted.FindAt(code, Instant.FromUtc(2025, 3, 1, 1, 0)).ShouldNotBeNull().TimeLimit.Amount.ShouldBe(3);
        restarted.FindAt(code, Instant.FromUtc(2025, 8, 1, 1, 0)).ShouldNotBeNull().TimeLimit.Amount.ShouldBe(5);
        restarted.FindAt(code, Instant.FromUtc(2024, 12, 1, 1, 0)).ShouldBeNull();
    }

    [Fact]
    public async Task The_public_catalogue_shows_the_version_in_force()
    {
        var code = NewCode();
        await PublishAsync(code, Version("2024-01-01", amount: 3));
        await PublishAsync(code, Version("2025-01-01", amount: 7));

        async Task<JsonElement?> EntryAsync(string query)
        {
            var (status, catalogue, _) = await ledger.GetAsync("/api/procedures" + query);
            status.ShouldBe(HttpStatusCode.OK, catalogue.ToString());
            return catalogue.EnumerateArray().Where(p => p.GetProperty("code").GetString() == code).Cast<JsonElement?>().SingleOrDefault();
        }

        (await EntryAsync("?at=2023-06-01T08:00:00%2B07:00")).ShouldBeNull();
        (await EntryAsync("?at=2024-06-01T08:00:00%2B07:00"))!.Value.GetProperty("timeLimit").GetProperty("amount").GetInt32().ShouldBe(3);
        var now = (await EntryAsync(""))!.Value;
        now.GetProperty("timeLimit").GetProperty("amount").GetInt32().ShouldBe(7);
        now.GetProperty("version").GetInt32().ShouldBe(2);
        now.GetProperty("effectiveFrom").GetString().ShouldBe("2025-01-01T00:00:00+07:00");
        now.GetProperty("fieldName").GetString().ShouldBe("Hộ tịch");

        var (badStatus, bad, _) = await ledger.GetAsync("/api/procedures?at=yesterday");
        badStatus.ShouldBe(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("at", out _).ShouldBeTrue(bad.ToString());
    }

    [Fact]
    public async Task A_dossier_received_under_the_latest_version_gets_its_time_limit()
    {
        var code = NewCode();
        await PublishAsync(code, Version("2024-01-01", amount: 3));
        await PublishAsync(code, Version("2025-01-01", amount: 7));
        const string receivedAt = "2025-03-10T08:00:00+07:00";

        var (status, dossier, _) = await ledger.PostAsync("/api/dossiers", new { unitCode = LedgerFixture.NewUnit(), procedureCode = code, channel = "direct", receivedAt });

        status.ShouldBe(HttpStatusCode.Created, dossier.ToString());
        var received = OffsetDateTimePattern.ExtendedIso.Parse(receivedAt).Value.ToInstant();
        InstantOf(dossier.GetProperty("dueAt")).ShouldBe(WorkingTimeCalendar.Vietnam.DueAt(received, new TimeLimit(7, TimeLimitUnit.WorkingDays)));
    }

    [Fact]
    public async Task Same_day_versions_take_a_cutoff_hour()
    {
        var code = NewCode();

        var version = await PublishAsync(code, new
        {
            name = "Thủ tục trong ngày",
            fieldCode = "CT",
            timeLimit = new { unit = "sameDay" },
            cutoffHour = 16,
            onlineLevel = "partial",
            fee = 20000,
            paymentPausesClock = true,
            effectiveFrom = "2025-01-01",
        });

        version.GetProperty("timeLimit").GetProperty("amount").GetInt32().ShouldBe(0);
        version.GetProperty("timeLimit").GetProperty("unit").GetString().ShouldBe("sameDay");
        version.GetProperty("cutoffHour").GetInt32().ShouldBe(16);
        version.GetProperty("onlineLevel").GetString().ShouldBe("partial");
        version.GetProperty("fee").GetDecimal().ShouldBe(20000m);
        version.GetProperty("paymentPausesClock").GetBoolean().ShouldBeTrue();
        version.GetProperty("joint").GetBoolean().ShouldBeFalse();
        (await StoredAsync(code)).ShouldHaveSingleItem().CutoffHour.ShouldBe(16);
    }

    public static TheoryData<string, string?> BadVersions => new()
    {
        { "{}", "name" },
        { "{}", "fieldCode" },
        { "{}", "timeLimit" },
        { "{}", "onlineLevel" },
        { "{}", "fee" },
        { "{}", "effectiveFrom" },
        { Body("\"fieldCode\":\"XX\""), "fieldCode" },
        { Body("\"name\":\"   \""), "name" },
        { Body("\"name\":\"" + new string('a', 600) + "\""), "name" },
        { Body("\"timeLimit\":{\"amount\":3,\"unit\":\"fortnights\"}"), "timeLimit.unit" },
        { Body("\"onlineTimeLimit\":{\"amount\":4,\"unit\":\"workingDays\"}"), "onlineTimeLimit" },
        { Body("\"onlineTimeLimit\":{\"amount\":2,\"unit\":\"calendarDays\"}"), "onlineTimeLimit" },
        { Body("\"onlineTimeLimit\":{\"amount\":0,\"unit\":\"workingDays\"}"), "onlineTimeLimit.amount" },
        { Body("\"onlineTimeLimit\":{\"amount\":2}"), "onlineTimeLimit.unit" },
        { Body("\"resultAtOnce\":true"), "deadlines" },
        { Body("\"supplementTimeLimit\":{\"amount\":0,\"unit\":\"workingDays\"}"), "supplementTimeLimit.amount" },
        { Body("\"supplementTimeLimit\":{\"amount\":1,\"unit\":\"weeks\"}"), "supplementTimeLimit.unit" },
        { Body("\"stepBudgets\":[{\"step\":\"Thẩm định\",\"amount\":2,\"unit\":\"calendarDays\"}]"), "deadlines" },
        { Body("\"stepBudgets\":[{\"amount\":2,\"unit\":\"workingDays\"}]"), "stepBudgets[0].step" },
        { Body("\"stepBudgets\":[{\"step\":\"a\",\"amount\":2,\"unit\":\"workingDays\"},{\"step\":\"A\",\"amount\":1,\"unit\":\"workingHours\"}]"), "deadlines" },
        { Body("\"stepBudgets\":[null]"), "stepBudgets[0].step" },
        { Body("\"timeLimit\":{\"amount\":3}"), "timeLimit.unit" },
        { Body("\"timeLimit\":{\"amount\":0,\"unit\":\"workingDays\"}"), "timeLimit.amount" },
        { Body("\"timeLimit\":{\"unit\":\"calendarDays\"}"), "timeLimit.amount" },
        { Body("\"timeLimit\":{\"amount\":5000,\"unit\":\"workingHours\"}"), "timeLimit.amount" },
        { Body("\"timeLimit\":{\"amount\":2,\"unit\":\"sameDay\"}"), "timeLimit.amount" },
        { Body("\"cutoffHour\":15"), "cutoffHour" },
        { Body("\"timeLimit\":{\"unit\":\"sameDay\"},\"cutoffHour\":25"), "cutoffHour" },
        { Body("\"onlineLevel\":\"level4\""), "onlineLevel" },
        { Body("\"fee\":-1"), "fee" },
        { Body("\"fee\":1000.75"), "fee" },
        { Body("\"effectiveFrom\":\"soon\""), "effectiveFrom" },
        { Body("\"effectiveFrom\":\"2025-02-30\""), "effectiveFrom" },
        { Body("\"effectiveFrom\":\"2025-07-01T00:00:00\""), "effectiveFrom" },
        { Body("\"effectiveFrom\":\"1999-07-01\""), "effectiveFrom" },
        { Body("\"fee\":\"free\""), null },
        { Body("\"paperResult\":\"maybe\""), null },
        { Body("\"timeLimit\":\"3 days\""), null },
        { "{\"name\":", null },
        { "not json", null },
        { "[]", null },
    };

    /// <summary>A valid version body with one member replaced (JSON takes the last of repeated members).</summary>
    private static string Body(string replacement) =>
        "{\"name\":\"Thủ tục\",\"fieldCode\":\"HT\",\"timeLimit\":{\"amount\":3,\"unit\":\"workingDays\"},\"onlineLevel\":\"full\","
        + "\"fee\":0,\"effectiveFrom\":\"2025-07-01\"," + replacement + "}";

    [Theory]
    [MemberData(nameof(BadVersions))]
    public async Task A_bad_version_is_a_400_naming_the_field_and_publishes_nothing(string json, string? field)
    {
        var code = NewCode();

        var (status, body, response) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/procedures/{code}/versions", json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        if (field is not null)
        {
            body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        }

        (await StoredAsync(code)).ShouldBeEmpty();
        (await ledger.GetAsync($"/api/admin/procedures/{code}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_version_says_whether_its_result_is_a_paper_one_and_dossiers_count_by_it_for_QD_766()
    {
        var code = NewCode();
        var (status, published, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/procedures/{code}/versions", Body("\"paperResult\":false"));
        status.ShouldBe(HttpStatusCode.Created, published.ToString());
        published.GetProperty("paperResult").GetBoolean().ShouldBeFalse();
        (await ledger.GetAsync("/api/procedures")).Body.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "1.001193")
            .GetProperty("paperResult").GetBoolean().ShouldBeTrue("the shipped catalogue's default");
        var (_, defaulted, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/procedures/{NewCode()}/versions", Body("\"joint\":false"));
        defaulted.GetProperty("paperResult").GetBoolean().ShouldBeTrue();

        // Received online in July 2025, resolved, no electronic result: online for 3.3 only because its result is not a paper one.
        var unit = LedgerFixture.NewUnit();
        var withoutPaper = await ledger.ReceiveAsync(unit, "2025-07-07T08:00:00+07:00", channel: "online", procedureCode: code);
        var withPaper = await ledger.ReceiveAsync(unit, "2025-07-07T08:30:00+07:00", channel: "online", procedureCode: "1.004873");
        foreach (var id in new[] { withoutPaper, withPaper })
        {
            (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-07-07T10:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.OK);
        }

        var report = await ledger.ReportAsync(unit, "2025-07-01", "2025-07-31");
        var quality = SeedCommuneReportTests.Quality(report);
        quality.OnlineReception.ShouldBe(new FactoredRatio(1, 2, RateFactor.NoNationalPortalFeed));
        report.GetProperty("quality").GetProperty("onlineReception").GetProperty("factor").GetProperty("basis").GetString()!
            .ShouldContain("national-portal feed is off");
        quality.ElectronicResults.ShouldBe(new Ratio(0, 1));
        quality.ProcessingTime.Unit.ShouldBe(ProcessingTimeUnit.WorkingDays);
        quality.ProcessingTime.Dossiers.ShouldBe(2);
    }

    [Fact]
    public async Task A_version_with_a_shorter_online_time_limit_gives_online_dossiers_the_earlier_due()
    {
        var code = NewCode();
        var (status, published, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/procedures/{code}/versions",
            Body("\"onlineTimeLimit\":{\"amount\":1,\"unit\":\"workingDays\"}"));
        status.ShouldBe(HttpStatusCode.Created, published.ToString());
        published.GetProperty("onlineTimeLimit").GetProperty("amount").GetInt32().ShouldBe(1);
        (await ledger.GetAsync("/api/procedures")).Body.EnumerateArray().Single(p => p.GetProperty("code").GetString() == code)
            .GetProperty("onlineTimeLimit").GetProperty("unit").GetString().ShouldBe("workingDays");

        // Monday 7 July 2025 at 07:00: one working day online, three otherwise, as the receipts recorded them.
        var unit = LedgerFixture.NewUnit();
        var online = await ledger.ReceiveAsync(unit, "2025-07-07T07:00:00+07:00", channel: "online", procedureCode: code);
        var direct = await ledger.ReceiveAsync(unit, "2025-07-07T07:00:00+07:00", channel: "direct", procedureCode: code);
        await using var session = ledger.Store.QuerySession();
        async Task<Instant> DueAtAsync(Guid id) =>
            (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<Domain.Dossiers.DossierReceived>().Single().DueAt;
        (await DueAtAsync(online)).ShouldBe(OffsetDateTimePattern.ExtendedIso.Parse("2025-07-07T17:00:00+07:00").Value.ToInstant());
        (await DueAtAsync(direct)).ShouldBe(OffsetDateTimePattern.ExtendedIso.Parse("2025-07-09T17:00:00+07:00").Value.ToInstant());
    }

    [Fact]
    public async Task The_body_that_checks_out_above_is_valid()
    {
        var code = NewCode();
        var (status, body, _) = await ledger.SendAsync(HttpMethod.Post, $"/api/admin/procedures/{code}/versions", Body("\"joint\":true"));
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        body.GetProperty("joint").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_bad_code_is_a_400()
    {
        var (status, body, _) = await ledger.PostAsync("/api/admin/procedures/" + Uri.EscapeDataString("A B<c>") + "/versions", Version("2025-01-01"));

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("errors").TryGetProperty("code", out _).ShouldBeTrue(body.ToString());
    }

    [Theory]
    [InlineData("2025-07-01")]
    [InlineData("2025-06-30T23:59:59+07:00")]
    [InlineData("2025-01-01")]
    public async Task A_version_not_taking_effect_after_the_latest_is_a_409(string effectiveFrom)
    {
        var code = NewCode();
        await PublishAsync(code, Version("2025-07-01", amount: 3));

        var (status, body, _) = await ledger.PostAsync($"/api/admin/procedures/{code}/versions", Version(effectiveFrom, amount: 5));

        status.ShouldBe(HttpStatusCode.Conflict, body.ToString());
        body.GetProperty("rule").GetString().ShouldBe(ProcedureRules.EffectiveFromNotAfterLatest);
        (await StoredAsync(code)).ShouldHaveSingleItem().TimeLimitAmount.ShouldBe(3);
        (await ledger.GetAsync($"/api/admin/procedures/{code}")).Body.GetProperty("latestVersion").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_shipped_procedure_cannot_get_a_version_before_or_at_its_first()
    {
        var (status, body, _) = await ledger.PostAsync("/api/admin/procedures/1.004873/versions", Version("2000-01-01", amount: 9));

        status.ShouldBe(HttpStatusCode.Conflict, body.ToString());
        body.GetProperty("rule").GetString().ShouldBe(ProcedureRules.EffectiveFromNotAfterLatest);
        (await StoredAsync("1.004873")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Concurrent_publishes_of_one_procedure_keep_its_versions_in_sequence()
    {
        var code = NewCode();
        await PublishAsync(code, Version("2024-01-01"));

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(month =>
            ledger.PostAsync($"/api/admin/procedures/{code}/versions", Version($"2025-{month:D2}-01", amount: month))));

        results.ShouldAllBe(r => r.Status == HttpStatusCode.Created || r.Status == HttpStatusCode.Conflict);
        results.Count(r => r.Status == HttpStatusCode.Created).ShouldBeGreaterThanOrEqualTo(1);
        results.Where(r => r.Status == HttpStatusCode.Conflict).Select(r => r.Body.GetProperty("rule").GetString())
            .ShouldAllBe(rule => rule == ProcedureRules.EffectiveFromNotAfterLatest || rule == ProcedureRules.VersionConflict);
        var stored = await StoredAsync(code);
        stored.Select(d => d.Version).ShouldBe(Enumerable.Range(1, stored.Count));
        stored.Select(d => d.EffectiveFrom).ShouldBe(stored.Select(d => d.EffectiveFrom).Order());
        var (_, history, _) = await ledger.GetAsync($"/api/admin/procedures/{code}");
        history.GetProperty("versions").EnumerateArray().Select(v => InstantOf(v.GetProperty("effectiveFrom")))
            .ShouldBe(stored.Select(d => d.EffectiveFrom));
    }

    [Fact]
    public async Task An_unknown_procedure_is_a_404_problem()
    {
        var (status, body, response) = await ledger.GetAsync("/api/admin/procedures/9.999999");

        status.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.GetProperty("status").GetInt32().ShouldBe(404);
    }
}

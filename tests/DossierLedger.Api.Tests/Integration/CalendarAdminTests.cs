using System.Net;
using System.Text.Json;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Reading and amending a year of the working-time calendar, and what an amendment changes.</summary>
[Collection(LedgerCollection.Name)]
public sealed class CalendarAdminTests(LedgerFixture ledger)
{
    [Fact]
    public async Task A_year_shows_its_holidays_and_official_schedule()
    {
        var (status, year, _) = await ledger.GetAsync("/api/admin/calendar/2025");

        status.ShouldBe(HttpStatusCode.OK, year.ToString());
        var holidays = year.GetProperty("publicHolidays").EnumerateArray().Select(h => h.GetProperty("date").GetString()).ToList();
        holidays.ShouldContain("2025-01-29"); // Tết
        holidays.ShouldContain("2025-04-07"); // Giỗ Tổ Hùng Vương
        year.GetProperty("daysOff").EnumerateArray().Select(d => d.GetString()).ShouldContain("2025-05-02");
        year.GetProperty("workingDays").EnumerateArray().Select(d => d.GetString()).ShouldContain("2025-04-26");
        year.GetProperty("source").GetString().ShouldNotBeNullOrEmpty();
        year.GetProperty("workingDayCount").GetInt32().ShouldBeInRange(240, 252);
        year.GetProperty("basis").GetString().ShouldBe("announced");
    }

    [Fact]
    public async Task A_year_without_a_schedule_gets_its_compensatory_days_by_rule()
    {
        var (status, year, _) = await ledger.GetAsync("/api/admin/calendar/2027");

        status.ShouldBe(HttpStatusCode.OK, year.ToString());
        year.GetProperty("basis").GetString().ShouldBe("rule");
        year.GetProperty("daysOff").EnumerateArray().Select(d => d.GetString()).ShouldBe(["2027-05-03"]); // 1/5 is a Saturday
        year.GetProperty("workingDayCount").GetInt32().ShouldBe(250);
        year.GetProperty("nationalDayAdjacentDay").GetString().ShouldBe("2027-09-03");
        year.GetProperty("source").GetString()!.ShouldStartWith("Computed by rule");
    }

    [Fact]
    public async Task An_amended_year_moves_the_due_dates_of_dossiers_received_afterwards_only()
    {
        var unit = LedgerFixture.NewUnit();
        // 8 working hours from Tuesday 15/3/2022 16:00: due Wednesday 16/3 16:00 on the shipped calendar.
        var before = await ledger.ReceiveAsync(unit, "2022-03-15T16:00:00+07:00", procedureCode: "1.008004");
        var (_, shipped, _) = await ledger.GetAsync("/api/admin/calendar/2022");
        var daysOff = shipped.GetProperty("daysOff").EnumerateArray().Select(d => d.GetString()).Append("2022-03-16").ToList();

        var (status, amended, _) = await ledger.SendAsync(HttpMethod.Put, "/api/admin/calendar/2022", JsonSerializer.Serialize(new
        {
            daysOff,
            workingDays = shipped.GetProperty("workingDays").EnumerateArray().Select(d => d.GetString()).ToList(),
            source = "Test: extra day off",
        }));

        status.ShouldBe(HttpStatusCode.OK, amended.ToString());
        amended.GetProperty("amended").GetBoolean().ShouldBeTrue();
        var after = await ledger.ReceiveAsync(unit, "2022-03-15T16:00:00+07:00", procedureCode: "1.008004");
        (await ledger.GetAsync($"/api/dossiers/{before}")).Body.GetProperty("dueAt").GetString().ShouldBe("2022-03-16T16:00:00+07:00");
        (await ledger.GetAsync($"/api/dossiers/{after}")).Body.GetProperty("dueAt").GetString().ShouldBe("2022-03-17T16:00:00+07:00");

        await using var session = ledger.Store.QuerySession();
        (await session.LoadAsync<DossierLedger.Api.Calendar.CalendarYearDocument>(2022))!.Source.ShouldBe("Test: extra day off");
    }

    [Fact]
    public async Task A_unit_with_its_own_office_hours_gets_due_dates_on_them()
    {
        // 8 working hours from Monday 10/3/2025 06:45: 4h15 to 11:00, 3h30 from 13:00 to 16:30, 15 min on Tuesday.
        var early = await ledger.ReceiveAsync(LedgerFixture.EarlyDesk, "2025-03-10T06:45:00+07:00", procedureCode: "1.008004");
        // The default desk opens at 07:00: 07:00 + 8 working hours closes the same day.
        var standard = await ledger.ReceiveAsync(LedgerFixture.NewUnit(), "2025-03-10T06:45:00+07:00", procedureCode: "1.008004");

        (await ledger.GetAsync($"/api/dossiers/{early}")).Body.GetProperty("dueAt").GetString().ShouldBe("2025-03-11T06:45:00+07:00");
        (await ledger.GetAsync($"/api/dossiers/{standard}")).Body.GetProperty("dueAt").GetString().ShouldBe("2025-03-10T17:00:00+07:00");
    }

    [Theory]
    [InlineData("/api/admin/calendar/1700", "{}", "year")]
    [InlineData("/api/admin/calendar/2023", "{\"daysOff\":[\"2024-01-02\"]}", "schedule")]
    [InlineData("/api/admin/calendar/2023", "{\"daysOff\":[\"soon\"]}", "daysOff[0]")]
    [InlineData("/api/admin/calendar/2023", "{\"daysOff\":[\"2023-05-02\"],\"workingDays\":[\"2023-05-02\"]}", "schedule")]
    [InlineData("/api/admin/calendar/2023", "{\"nationalDayAdjacentDay\":\"2023-09-05\"}", "schedule")]
    [InlineData("/api/admin/calendar/2023", "null", "body")]
    public async Task A_bad_amendment_is_a_400_and_changes_nothing(string url, string json, string field)
    {
        var (_, before, _) = await ledger.GetAsync("/api/admin/calendar/2023");

        var (status, body, _) = await ledger.SendAsync(HttpMethod.Put, url, json);

        status.ShouldBe(HttpStatusCode.BadRequest, body.ToString());
        body.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body.ToString());
        (await ledger.GetAsync("/api/admin/calendar/2023")).Body.ToString().ShouldBe(before.ToString());
    }
}

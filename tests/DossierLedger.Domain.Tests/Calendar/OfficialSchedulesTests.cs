using DossierLedger.Domain.Calendar;
using NodaTime;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class OfficialSchedulesTests
{
    private static readonly WorkingDays Days = WorkingDays.Default;

    [Fact]
    public void Shipped_schedules_cover_2021_to_2026_and_cite_a_source()
    {
        OfficialSchedules.Shipped.Keys.Order().ShouldBe([2021, 2022, 2023, 2024, 2025, 2026]);
        OfficialSchedules.Shipped.Values.ShouldAllBe(schedule => !string.IsNullOrWhiteSpace(schedule.Source));
    }

    [Fact]
    public void Shipped_2025_schedule()
    {
        for (var date = Date("2025-01-25"); date <= Date("2025-02-02"); date = date.PlusDays(1))
        {
            Days.IsWorkingDay(date).ShouldBeFalse(date.ToString());
        }

        Days.IsWorkingDay(Date("2025-04-26")).ShouldBeTrue(); // Saturday worked ...
        Days.IsWorkingDay(Date("2025-05-02")).ShouldBeFalse(); // ... for Friday 2/5
        Days.IsWorkingDay(Date("2025-09-01")).ShouldBeFalse();
        Days.IsWorkingDay(Date("2025-09-03")).ShouldBeTrue();
    }

    [Fact]
    public void Shipped_2026_schedule()
    {
        Days.IsWorkingDay(Date("2026-01-02")).ShouldBeFalse(); // Friday swapped ...
        Days.IsWorkingDay(Date("2026-01-10")).ShouldBeTrue(); // ... with Saturday 10/1
        Days.IsWorkingDay(Date("2026-02-13")).ShouldBeTrue();
        for (var date = Date("2026-02-14"); date <= Date("2026-02-22"); date = date.PlusDays(1))
        {
            Days.IsWorkingDay(date).ShouldBeFalse(date.ToString());
        }

        Days.IsWorkingDay(Date("2026-02-23")).ShouldBeTrue();
        Days.IsWorkingDay(Date("2026-04-27")).ShouldBeFalse(); // nghỉ bù: Giỗ Tổ on Sunday 26/4
        Days.IsWorkingDay(Date("2026-08-22")).ShouldBeTrue(); // Saturday worked ...
        Days.IsWorkingDay(Date("2026-08-31")).ShouldBeFalse(); // ... for Monday 31/8
        Days.IsWorkingDay(Date("2026-09-01")).ShouldBeFalse(); // adjacent day
        Days.IsWorkingDay(Date("2026-09-03")).ShouldBeTrue();
    }

    [Fact]
    public void Parse_reads_a_year()
    {
        const string json = """
            {
              "description": "test",
              "years": {
                "2030": {
                  "source": "a notice",
                  "verify": true,
                  "nationalDayAdjacentDay": "2030-09-01",
                  "daysOff": ["2030-02-01", "2030-02-07"],
                  "workingDays": ["2030-02-16"]
                },
                "2031": {}
              }
            }
            """;

        var schedules = OfficialSchedules.Parse(json);

        schedules.Keys.Order().ShouldBe([2030, 2031]);
        schedules[2030].ShouldBe(new YearSchedule(
            new HashSet<LocalDate> { Date("2030-02-01"), Date("2030-02-07") },
            new HashSet<LocalDate> { Date("2030-02-16") },
            Date("2030-09-01"),
            "a notice"));
        schedules[2031].ShouldBe(YearSchedule.Empty);
    }

    [Fact]
    public void Parsed_schedules_can_build_working_days()
    {
        var days = new WorkingDays(OfficialSchedules.Parse("""
            { "years": { "2030": { "daysOff": ["2030-02-06", "2030-02-07"], "workingDays": ["2030-02-16"] } } }
            """));

        days.NextWorkingDay(Date("2030-01-31")).ShouldBe(Date("2030-02-08"));
        days.IsWorkingDay(Date("2030-02-16")).ShouldBeTrue();
    }

    [Fact]
    public void Parse_rejects_a_date_outside_its_year()
    {
        var error = Should.Throw<FormatException>(() => OfficialSchedules.Parse("""
            { "years": { "2030": { "daysOff": ["2031-01-02"] } } }
            """));

        error.Message.ShouldContain("years.2030: day off 2031-01-02 is not in 2030.");
    }

    [Fact]
    public void Parse_rejects_a_date_both_off_and_worked()
    {
        var error = Should.Throw<FormatException>(() => OfficialSchedules.Parse("""
            { "years": { "2030": { "daysOff": ["2030-02-09"], "workingDays": ["2030-02-09"] } } }
            """));

        error.Message.ShouldContain("years.2030: 2030-02-09 is both in daysOff and in workingDays.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"years\": { \"2030\": { } }")]
    [InlineData("{ \"years\": { \"2030\": { \"daysOff\": [\"2030-02-01\",] } } }")]
    public void Parse_rejects_malformed_json(string json)
    {
        var error = Should.Throw<FormatException>(() => OfficialSchedules.Parse(json));

        error.Message.ShouldStartWith("The official schedules are not valid JSON:");
        error.Message.ShouldContain("LineNumber");
    }

    [Theory]
    [InlineData("[]", "The document must be an object")]
    [InlineData("{}", "The document has no \"years\" property.")]
    [InlineData("{ \"years\": [] }", "years: must be an object keyed by year.")]
    [InlineData("{ \"years\": {}, \"schedules\": {} }", "schedules: unknown property")]
    [InlineData("{ \"years\": { \"30\": {} } }", "years.30: the key must be a year of four digits.")]
    [InlineData("{ \"years\": { \"2030\": [] } }", "years.2030: must be an object.")]
    [InlineData("{ \"years\": { \"2030\": {}, \"2030\": {} } }", "years.2030: appears more than once.")]
    [InlineData("{ \"years\": { \"2030\": { \"dayOff\": [] } } }", "years.2030.dayOff: unknown property")]
    [InlineData("{ \"years\": { \"2030\": { \"daysOff\": \"2030-02-01\" } } }", "years.2030.daysOff: must be an array of dates")]
    [InlineData("{ \"years\": { \"2030\": { \"daysOff\": [\"2030-02-30\"] } } }", "years.2030.daysOff[0]: \"2030-02-30\" is not a date")]
    [InlineData("{ \"years\": { \"2030\": { \"daysOff\": [\"1/2/2030\"] } } }", "years.2030.daysOff[0]: \"1/2/2030\" is not a date")]
    [InlineData("{ \"years\": { \"2030\": { \"daysOff\": [\"2030-02-01\", \"2030-02-01\"] } } }", "years.2030.daysOff[1]: 2030-02-01 is listed more than once.")]
    [InlineData("{ \"years\": { \"2030\": { \"workingDays\": [\"2030-02-15\"] } } }", "working day 2030-02-15 is a Friday that is not a holiday")]
    [InlineData("{ \"years\": { \"2030\": { \"nationalDayAdjacentDay\": \"2030-09-04\" } } }", "years.2030.nationalDayAdjacentDay: must be 1 or 3 September.")]
    [InlineData("{ \"years\": { \"2030\": { \"source\": \"\" } } }", "years.2030.source: must be a non-empty string.")]
    [InlineData("{ \"years\": { \"2030\": { \"verify\": \"yes\" } } }", "years.2030.verify: must be true or false.")]
    [InlineData("{ \"years\": { \"1500\": {} } }", "years.1500: 1500 is outside the supported years")]
    public void Parse_rejects_bad_data(string json, string expectedError)
    {
        var error = Should.Throw<FormatException>(() => OfficialSchedules.Parse(json));

        error.Message.ShouldStartWith("The official schedules are invalid:");
        error.Message.ShouldContain(expectedError);
    }

    [Fact]
    public void Parse_reports_every_problem_at_once()
    {
        var error = Should.Throw<FormatException>(() => OfficialSchedules.Parse("""
            { "years": { "2030": { "daysOff": ["2031-01-01"] }, "2031": { "daysOff": ["nope"] } } }
            """));

        error.Message.ShouldContain("years.2030: day off 2031-01-01 is not in 2030.");
        error.Message.ShouldContain("years.2031.daysOff[0]: \"nope\" is not a date");
    }
}

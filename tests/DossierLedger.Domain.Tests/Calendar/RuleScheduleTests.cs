using DossierLedger.Domain.Calendar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class RuleScheduleTests
{
    // Derived by hand: each year's statutory days, Tết as five weekdays from two days before the lunar new
    // year, the day next to 2/9 joined to a weekend, and a Monday–Friday for each holiday on a weekend.
    [Theory]
    [InlineData(2027, "2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03")]
    [InlineData(2028, "2028-01-03", "2028-01-24", "2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-04-04", "2028-05-01", "2028-05-02", "2028-09-01", "2028-09-04")]
    [InlineData(2029, "2029-01-01", "2029-02-12", "2029-02-13", "2029-02-14", "2029-02-15", "2029-02-16", "2029-04-23", "2029-04-30", "2029-05-01", "2029-09-03", "2029-09-04")]
    [InlineData(2030, "2030-01-01", "2030-01-31", "2030-02-01", "2030-02-04", "2030-02-05", "2030-02-06", "2030-04-12", "2030-04-30", "2030-05-01", "2030-09-02", "2030-09-03")]
    public void Weekdays_off_of_years_without_a_schedule(int year, params string[] expected)
    {
        WeekdaysOff(WorkingDays.Default, year).ShouldBe(expected.Select(Date));
    }

    [Theory]
    [InlineData("2027-05-03")] // 1/5/2027 is a Saturday
    [InlineData("2028-01-03")] // 1/1/2028 is a Saturday
    [InlineData("2028-05-02")] // 30/4/2028 is a Sunday and 1/5 a Monday
    [InlineData("2028-09-04")] // 2/9/2028 is a Saturday; 1/9 is the adjacent day
    [InlineData("2029-09-04")] // 2/9/2029 is a Sunday; 3/9 is the adjacent day
    public void A_holiday_on_a_weekend_is_compensated_on_the_next_working_day(string date)
    {
        WorkingDays.Default.IsWorkingDay(Date(date)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(2021, 3)] // Thursday
    [InlineData(2022, 1)] // Friday
    [InlineData(2023, 1)] // Saturday
    [InlineData(2024, 3)] // Monday
    [InlineData(2025, 1)] // Tuesday
    [InlineData(2026, 1)] // Wednesday
    [InlineData(2029, 3)] // Sunday
    public void The_day_next_to_national_day_joins_it_to_a_weekend(int year, int day)
    {
        RuleSchedule.NationalDayAdjacentDay(year).ShouldBe(new LocalDate(year, 9, day));
        if (OfficialSchedules.Shipped.TryGetValue(year, out var announced))
        {
            (announced.NationalDayAdjacentDay ?? new LocalDate(year, 9, 3)).ShouldBe(new LocalDate(year, 9, day));
        }
    }

    // The rule reproduces the announced years: every day off it gives was announced, and the only announced
    // weekdays it lacks are the swaps, which the Government decides with a Saturday worked in exchange.
    [Theory]
    [InlineData(2021)]
    [InlineData(2022)]
    [InlineData(2023)]
    [InlineData(2024, "2024-04-29")]
    [InlineData(2025, "2025-05-02")]
    [InlineData(2026, "2026-01-02", "2026-08-31")]
    public void The_rule_reproduces_the_announced_years_but_their_swaps(int year, params string[] swaps)
    {
        var ruled = WeekdaysOff(new WorkingDays(), year);
        var announced = WeekdaysOff(WorkingDays.Default, year);

        announced.Except(ruled).ShouldBe(swaps.Select(Date));
        ruled.Except(announced).ShouldBeEmpty();
    }

    [Fact]
    public void Compensatory_days_follow_each_other_after_a_weekend_of_holidays()
    {
        // 30/4/2022 Saturday and 1/5 Sunday: Monday 2/5 and Tuesday 3/5.
        RuleSchedule.CompensatoryDays([Date("2022-04-30"), Date("2022-05-01")])
            .ShouldBe([Date("2022-05-02"), Date("2022-05-03")]);

        // Giỗ Tổ on Saturday 29/4/2023, 30/4 Sunday, 1/5 Monday: Tuesday 2/5 and Wednesday 3/5.
        RuleSchedule.CompensatoryDays([Date("2023-04-29"), Date("2023-04-30"), Date("2023-05-01")])
            .ShouldBe([Date("2023-05-02"), Date("2023-05-03")]);
    }

    [Fact]
    public void An_announced_schedule_replaces_the_rule()
    {
        var announced = new WorkingDays(new Dictionary<int, YearSchedule> { [2027] = YearSchedule.Empty });

        announced.IsWorkingDay(Date("2027-05-03")).ShouldBeTrue();
        new WorkingDays().IsWorkingDay(Date("2027-05-03")).ShouldBeFalse();
    }

    [Fact]
    public void A_schedule_before_2021_cannot_name_a_day_next_to_national_day()
    {
        new YearSchedule(new HashSet<LocalDate>(), new HashSet<LocalDate>(), Date("2019-09-03")).Validate(2019)
            .ShouldBe(["National Day 2019 is one day: the adjacent day exists from 2021."]);
        RuleSchedule.For(2019).NationalDayAdjacentDay.ShouldBeNull();
    }

    // Every Monday–Friday holiday or compensatory day is one statutory day: 11 a year from 2021, 10 before.
    [Property(MaxTest = 200)]
    public Property A_year_by_rule_has_one_weekday_off_per_statutory_day() =>
        Prop.ForAll(Gen.Choose(1950, 2199).ToArbitrary(), year =>
            WeekdaysOff(new WorkingDays(), year).Count == (year >= 2021 ? 11 : 10));

    private static List<LocalDate> WeekdaysOff(WorkingDays days, int year)
    {
        var off = new List<LocalDate>();
        for (var date = new LocalDate(year, 1, 1); date.Year == year; date = date.PlusDays(1))
        {
            if (date.DayOfWeek < IsoDayOfWeek.Saturday && !days.IsWorkingDay(date))
            {
                off.Add(date);
            }
        }

        return off;
    }
}

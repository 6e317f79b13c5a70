using DossierLedger.Domain.Calendar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class PublicHolidaysTests
{
    private static readonly WorkingDays Unscheduled = new();

    [Fact]
    public void Holidays_of_2030_are_computed()
    {
        PublicHolidays.For(2030).ShouldBe(
        [
            new(Date("2030-01-01"), PublicHolidayKind.NewYear),
            new(Date("2030-01-31"), PublicHolidayKind.LunarNewYear), // Thursday, 29 tháng Chạp of Kỷ Dậu
            new(Date("2030-02-01"), PublicHolidayKind.LunarNewYear), // mùng 1 Canh Tuất is Saturday 2/2
            new(Date("2030-02-04"), PublicHolidayKind.LunarNewYear),
            new(Date("2030-02-05"), PublicHolidayKind.LunarNewYear),
            new(Date("2030-02-06"), PublicHolidayKind.LunarNewYear),
            new(Date("2030-04-12"), PublicHolidayKind.HungKings),
            new(Date("2030-04-30"), PublicHolidayKind.ReunificationDay),
            new(Date("2030-05-01"), PublicHolidayKind.LabourDay),
            new(Date("2030-09-02"), PublicHolidayKind.NationalDay),
            new(Date("2030-09-03"), PublicHolidayKind.NationalDay),
        ]);
    }

    // Tết is placed as every announced year placed it: five weekdays from the first weekday on or after two
    // days before the lunar new year. The weekdays of each announced span 2021–2026, from the notices.
    [Theory]
    [InlineData(2021, "2021-02-10", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16")] // new year Friday
    [InlineData(2022, "2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04")] // Tuesday
    [InlineData(2023, "2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26")] // Sunday
    [InlineData(2024, "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14")] // Saturday
    [InlineData(2025, "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31")] // Wednesday
    [InlineData(2026, "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20")] // Tuesday
    [InlineData(2027, "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10")] // Saturday 6/2
    [InlineData(2028, "2028-01-24", "2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28")] // Wednesday 26/1
    [InlineData(2029, "2029-02-12", "2029-02-13", "2029-02-14", "2029-02-15", "2029-02-16")] // Tuesday 13/2
    [InlineData(2030, "2030-01-31", "2030-02-01", "2030-02-04", "2030-02-05", "2030-02-06")] // Saturday 2/2
    public void Tet_is_placed_as_the_announced_years_placed_it(int year, params string[] days)
    {
        PublicHolidays.For(year)
            .Where(holiday => holiday.Kind == PublicHolidayKind.LunarNewYear)
            .Select(holiday => holiday.Date)
            .ShouldBe(days.Select(Date));
    }

    [Theory]
    [InlineData(2019)]
    [InlineData(2020)]
    public void National_day_is_one_day_before_2021(int year)
    {
        PublicHolidays.For(year).Where(holiday => holiday.Kind == PublicHolidayKind.NationalDay)
            .Select(holiday => holiday.Date)
            .ShouldBe([new LocalDate(year, 9, 2)]);
        Should.Throw<ArgumentException>(() => PublicHolidays.For(year, new LocalDate(year, 9, 3)));
        new WorkingDays().IsWorkingDay(new LocalDate(year, 9, 3)).ShouldBe(new LocalDate(year, 9, 3).DayOfWeek < IsoDayOfWeek.Saturday);
    }

    [Theory]
    [InlineData("2017-09-04")] // 2/9/2017 is a Saturday: one day, compensated on Monday
    [InlineData("2018-09-03")] // 2/9/2018 is a Sunday
    public void National_day_on_a_weekend_before_2021_gives_one_compensatory_day(string monday)
    {
        var days = new WorkingDays();
        days.IsWorkingDay(Date(monday)).ShouldBeFalse();
        days.IsWorkingDay(Date(monday).PlusDays(1)).ShouldBeTrue();
    }

    // Added from 1/1/2027 (the kind is immaterial here): earlier years keep their holidays and their counts.
    [Fact]
    public void A_holiday_added_from_a_date_leaves_earlier_years_alone()
    {
        var added = PublicHolidays.InForce.With(new StatutoryHoliday(
            PublicHolidayKind.NewYear, new LocalDate(2027, 1, 1), year => [new LocalDate(year, 11, 24)]));
        var days = new WorkingDays(holidays: added);

        added.Of(2026).ShouldBe(PublicHolidays.For(2026));
        days.IsWorkingDay(Date("2026-11-24")).ShouldBeTrue(); // Tuesday, before the holiday existed
        days.IsWorkingDay(Date("2027-11-24")).ShouldBeFalse(); // Wednesday
        days.IsWorkingDay(Date("2029-11-26")).ShouldBeFalse(); // 24/11/2029 is a Saturday: Monday compensates
        added.Of(2027).Count.ShouldBe(12);
    }

    [Fact]
    public void National_day_adjacent_day_can_be_1_September()
    {
        PublicHolidays.For(2030, Date("2030-09-01"))
            .Where(holiday => holiday.Kind == PublicHolidayKind.NationalDay)
            .Select(holiday => holiday.Date)
            .ShouldBe([Date("2030-09-01"), Date("2030-09-02")]);
    }

    [Theory]
    [InlineData("2030-09-04")]
    [InlineData("2029-09-01")] // right day, wrong year
    public void Other_adjacent_days_are_rejected(string adjacent)
    {
        Should.Throw<ArgumentException>(() => PublicHolidays.For(2030, Date(adjacent)));
    }

    [Fact]
    public void Years_without_a_schedule_get_the_computed_holidays()
    {
        var days = WorkingDays.Default;

        // Tết 2030 by rule: Thursday 31/1 to Wednesday 6/2, five weekdays, so no compensatory day.
        days.IsWorkingDay(Date("2030-01-30")).ShouldBeTrue();
        foreach (var date in new[] { "2030-01-31", "2030-02-01", "2030-02-04", "2030-02-05", "2030-02-06", "2030-04-12" })
        {
            days.IsWorkingDay(Date(date)).ShouldBeFalse(date);
        }

        days.IsWorkingDay(Date("2030-02-07")).ShouldBeTrue();
        days.IsWorkingDay(Date("2030-04-11")).ShouldBeTrue();
    }

    [Property(MaxTest = 200)]
    public Property Holidays_lie_in_their_year_and_are_not_worked_unless_a_schedule_says_so() =>
        Prop.ForAll(Gen.Choose(1950, 2199).ToArbitrary(), year =>
        {
            var schedule = OfficialSchedules.Shipped.GetValueOrDefault(year) ?? RuleSchedule.For(year);
            var holidays = PublicHolidays.For(year, schedule.NationalDayAdjacentDay);
            var worked = schedule.WorkingDays;
            return holidays.Count == (year >= 2021 ? 11 : 10)
                && holidays.All(holiday => holiday.Date.Year == year)
                && holidays.All(holiday => WorkingDays.Default.IsWorkingDay(holiday.Date) == worked.Contains(holiday.Date))
                && PublicHolidays.For(year, RuleSchedule.For(year).NationalDayAdjacentDay).All(holiday => !Unscheduled.IsWorkingDay(holiday.Date));
        });

    [Theory]
    [InlineData(2021)]
    [InlineData(2022)]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Holidays_of_scheduled_years_are_not_worked(int year)
    {
        var schedule = OfficialSchedules.Shipped[year];
        foreach (var holiday in PublicHolidays.For(year, schedule.NationalDayAdjacentDay))
        {
            WorkingDays.Default.IsWorkingDay(holiday.Date).ShouldBe(schedule.WorkingDays.Contains(holiday.Date), holiday.ToString());
        }
    }
}

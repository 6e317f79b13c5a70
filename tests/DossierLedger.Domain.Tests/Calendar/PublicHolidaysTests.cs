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
            new(Date("2030-02-01"), PublicHolidayKind.LunarNewYear), // last day of Kỷ Dậu
            new(Date("2030-02-02"), PublicHolidayKind.LunarNewYear), // mùng 1 Canh Tuất
            new(Date("2030-02-03"), PublicHolidayKind.LunarNewYear),
            new(Date("2030-02-04"), PublicHolidayKind.LunarNewYear),
            new(Date("2030-02-05"), PublicHolidayKind.LunarNewYear),
            new(Date("2030-04-12"), PublicHolidayKind.HungKings),
            new(Date("2030-04-30"), PublicHolidayKind.ReunificationDay),
            new(Date("2030-05-01"), PublicHolidayKind.LabourDay),
            new(Date("2030-09-02"), PublicHolidayKind.NationalDay),
            new(Date("2030-09-03"), PublicHolidayKind.NationalDay),
        ]);
    }

    [Fact]
    public void Default_tet_2026_is_the_last_day_of_the_year_and_the_first_four()
    {
        PublicHolidays.For(2026)
            .Where(holiday => holiday.Kind == PublicHolidayKind.LunarNewYear)
            .Select(holiday => holiday.Date)
            .ShouldBe([Date("2026-02-16"), Date("2026-02-17"), Date("2026-02-18"), Date("2026-02-19"), Date("2026-02-20")]);
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

        // Tết 2030 (Friday 1/2 to Tuesday 5/2): without an announced schedule no compensatory day.
        days.IsWorkingDay(Date("2030-01-31")).ShouldBeTrue();
        foreach (var date in new[] { "2030-02-01", "2030-02-04", "2030-02-05", "2030-04-12" })
        {
            days.IsWorkingDay(Date(date)).ShouldBeFalse(date);
        }

        days.IsWorkingDay(Date("2030-02-06")).ShouldBeTrue();
        days.IsWorkingDay(Date("2030-04-11")).ShouldBeTrue();
    }

    [Property(MaxTest = 200)]
    public Property Holidays_lie_in_their_year_and_are_not_worked_unless_a_schedule_says_so() =>
        Prop.ForAll(Gen.Choose(1900, 2100).ToArbitrary(), year =>
        {
            var holidays = PublicHolidays.For(year, OfficialSchedules.Shipped.GetValueOrDefault(year)?.NationalDayAdjacentDay);
            var worked = OfficialSchedules.Shipped.GetValueOrDefault(year)?.WorkingDays ?? new HashSet<LocalDate>();
            return holidays.Count == 11
                && holidays.All(holiday => holiday.Date.Year == year)
                && holidays.All(holiday => WorkingDays.Default.IsWorkingDay(holiday.Date) == worked.Contains(holiday.Date))
                && PublicHolidays.For(year).All(holiday => !Unscheduled.IsWorkingDay(holiday.Date));
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

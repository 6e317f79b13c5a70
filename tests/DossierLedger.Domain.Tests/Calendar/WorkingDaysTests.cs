using System.Collections.Frozen;
using DossierLedger.Domain.Calendar;
using NodaTime;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class WorkingDaysTests
{
    private static readonly WorkingDays Days = WorkingDays.Default;

    [Theory]
    [InlineData("2025-03-03")] // Monday
    [InlineData("2025-03-04")]
    [InlineData("2025-03-05")]
    [InlineData("2025-03-06")]
    [InlineData("2025-03-07")] // Friday
    public void Weekdays_are_working_days(string date)
    {
        Days.IsWorkingDay(Date(date)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2025-03-08")] // Saturday
    [InlineData("2025-03-09")] // Sunday
    [InlineData("2030-06-08")] // Saturday in a year without a schedule
    public void Weekends_are_not_working_days(string date)
    {
        Days.IsWorkingDay(Date(date)).ShouldBeFalse();
    }

    // 2030 has no schedule and all these fall on weekdays, so only the statutory rule can make them days off.
    [Theory]
    [InlineData("2030-01-01")] // Tết Dương lịch, Tuesday
    [InlineData("2030-04-12")] // Giỗ Tổ Hùng Vương, Friday
    [InlineData("2030-04-30")] // Ngày Chiến thắng, Tuesday
    [InlineData("2030-05-01")] // Quốc tế Lao động, Wednesday
    [InlineData("2030-09-02")] // Quốc khánh, Monday
    [InlineData("2030-09-03")] // default day adjacent to Quốc khánh, Tuesday
    public void Fixed_public_holidays_are_not_working_days(string date)
    {
        new WorkingDays().IsWorkingDay(Date(date)).ShouldBeFalse();
        Days.IsWorkingDay(Date(date)).ShouldBeFalse();
    }

    [Fact]
    public void September_first_is_a_working_day_when_not_the_adjacent_day()
    {
        new WorkingDays().IsWorkingDay(Date("2027-09-01")).ShouldBeTrue(); // Wednesday; 2/9 is Thursday, so 3/9 is off
        new WorkingDays().IsWorkingDay(Date("2027-09-03")).ShouldBeFalse();
    }

    [Fact]
    public void National_day_adjacent_day_can_be_moved_per_year()
    {
        var schedules = new Dictionary<int, YearSchedule>
        {
            [2030] = new(FrozenSet<LocalDate>.Empty, FrozenSet<LocalDate>.Empty, Date("2030-09-03")),
            [2026] = new(FrozenSet<LocalDate>.Empty, FrozenSet<LocalDate>.Empty, Date("2026-09-01")),
        };
        var days = new WorkingDays(schedules);

        days.IsWorkingDay(Date("2026-09-01")).ShouldBeFalse();
        days.IsWorkingDay(Date("2026-09-02")).ShouldBeFalse();
        days.IsWorkingDay(Date("2026-09-03")).ShouldBeTrue();
        days.IsWorkingDay(Date("2030-09-03")).ShouldBeFalse();
    }

    [Fact]
    public void National_day_2025_is_1_and_2_September()
    {
        Days.IsWorkingDay(Date("2025-09-01")).ShouldBeFalse();
        Days.IsWorkingDay(Date("2025-09-02")).ShouldBeFalse();
        Days.IsWorkingDay(Date("2025-09-03")).ShouldBeTrue(); // Wednesday
    }

    [Fact]
    public void Tet_2025_from_25_January_to_2_February_is_excluded()
    {
        for (var date = Date("2025-01-25"); date <= Date("2025-02-02"); date = date.PlusDays(1))
        {
            Days.IsWorkingDay(date).ShouldBeFalse(date.ToString());
        }

        Days.IsWorkingDay(Date("2025-01-24")).ShouldBeTrue(); // Friday before
        Days.IsWorkingDay(Date("2025-02-03")).ShouldBeTrue(); // Monday after
    }

    [Theory]
    [InlineData("2021-02-10", "2021-02-16")] // Tết Tân Sửu
    [InlineData("2022-01-29", "2022-02-06")] // Tết Nhâm Dần
    [InlineData("2023-01-20", "2023-01-26")] // Tết Quý Mão
    [InlineData("2024-02-08", "2024-02-14")] // Tết Giáp Thìn
    [InlineData("2025-01-25", "2025-02-02")] // Tết Ất Tỵ
    [InlineData("2023-04-29", "2023-05-03")] // Giỗ Tổ + 30/4 + 1/5 with nghỉ bù
    [InlineData("2024-04-27", "2024-05-01")] // 30/4 + 1/5 with Monday 29/4 swapped
    [InlineData("2025-04-30", "2025-05-04")] // 30/4 + 1/5 with Friday 2/5 swapped
    [InlineData("2023-09-01", "2023-09-04")] // Quốc khánh with nghỉ bù
    public void Known_holiday_periods_are_not_working_days(string first, string last)
    {
        for (var date = Date(first); date <= Date(last); date = date.PlusDays(1))
        {
            Days.IsWorkingDay(date).ShouldBeFalse(date.ToString());
        }
    }

    [Theory]
    [InlineData("2021-04-21")]
    [InlineData("2022-04-11")]
    [InlineData("2024-04-18")]
    [InlineData("2025-04-07")]
    [InlineData("2026-04-27")] // nghỉ bù: 26/4 is a Sunday
    public void Hung_kings_commemoration_is_not_a_working_day(string date)
    {
        Days.IsWorkingDay(Date(date)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2025-04-07")]
    [InlineData("2025-01-28")] // last day of the lunar year: the default Tết span
    [InlineData("2025-01-31")]
    public void Lunar_holidays_are_computed_without_a_schedule(string date)
    {
        new WorkingDays().IsWorkingDay(Date(date)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2024-05-04")]
    [InlineData("2025-04-26")]
    [InlineData("2026-01-10")]
    [InlineData("2026-08-22")]
    public void Swapped_saturdays_are_working_days(string date)
    {
        Days.IsWorkingDay(Date(date)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2025-03-07", "2025-03-10")] // Friday → Monday
    [InlineData("2025-03-05", "2025-03-06")] // strictly after a working day
    [InlineData("2025-03-08", "2025-03-10")] // Saturday → Monday
    [InlineData("2025-01-24", "2025-02-03")] // across Tết 2025
    [InlineData("2025-04-25", "2025-04-26")] // swapped Saturday is worked
    public void Next_working_day_is_strictly_after(string date, string expected)
    {
        Days.NextWorkingDay(Date(date)).ShouldBe(Date(expected));
    }

    [Theory]
    [InlineData("2025-03-05", "2025-03-05")]
    [InlineData("2025-03-08", "2025-03-10")]
    [InlineData("2025-01-27", "2025-02-03")]
    public void Next_or_same_working_day_keeps_a_working_day(string date, string expected)
    {
        Days.NextOrSameWorkingDay(Date(date)).ShouldBe(Date(expected));
    }

    [Fact]
    public void A_schedule_with_a_date_of_another_year_is_rejected()
    {
        var schedules = new Dictionary<int, YearSchedule>
        {
            [2026] = new(FrozenSet.Create(Date("2027-01-04")), FrozenSet<LocalDate>.Empty),
        };

        Should.Throw<ArgumentException>(() => new WorkingDays(schedules));
    }

    [Fact]
    public void A_working_date_on_an_ordinary_weekday_is_rejected()
    {
        var schedules = new Dictionary<int, YearSchedule>
        {
            [2030] = new(FrozenSet<LocalDate>.Empty, FrozenSet.Create(Date("2030-03-01"))), // Friday
        };

        Should.Throw<ArgumentException>(() => new WorkingDays(schedules)).Message.ShouldContain("2030-03-01");
    }

    [Fact]
    public void A_default_tet_day_can_be_declared_worked()
    {
        // An announced span that differs from the default 1/2–5/2: Tết 2030 moved to 31/1–4/2, Tuesday 5/2 worked.
        var schedules = new Dictionary<int, YearSchedule>
        {
            [2030] = new(FrozenSet.Create(Date("2030-01-31")), FrozenSet.Create(Date("2030-02-05"))),
        };
        var days = new WorkingDays(schedules);

        days.IsWorkingDay(Date("2030-01-31")).ShouldBeFalse();
        days.IsWorkingDay(Date("2030-02-04")).ShouldBeFalse();
        days.IsWorkingDay(Date("2030-02-05")).ShouldBeTrue();
    }

    [Fact]
    public void An_amended_year_replaces_the_shipped_one()
    {
        var shipped = OfficialSchedules.Shipped[2025];
        var amended = new YearSchedule(
            shipped.DaysOff.Append(Date("2025-12-31")).ToHashSet(),
            shipped.WorkingDays,
            shipped.NationalDayAdjacentDay,
            "amended by the admin");
        var schedules = OfficialSchedules.Shipped.ToDictionary();
        schedules[2025] = amended;
        var days = new WorkingDays(schedules);

        days.IsWorkingDay(Date("2025-12-31")).ShouldBeFalse();
        WorkingDays.Default.IsWorkingDay(Date("2025-12-31")).ShouldBeTrue();
        days.IsWorkingDay(Date("2025-04-26")).ShouldBeTrue();
        amended.ShouldNotBe(shipped);
        (amended with { Source = shipped.Source }).ShouldNotBe(shipped);
    }

    [Fact]
    public void Year_schedules_compare_by_value()
    {
        var one = new YearSchedule(new HashSet<LocalDate> { Date("2030-02-01") }, FrozenSet<LocalDate>.Empty, null, "x");
        var same = new YearSchedule(FrozenSet.Create(Date("2030-02-01")), new HashSet<LocalDate>(), null, "x");

        one.ShouldBe(same);
        one.GetHashCode().ShouldBe(same.GetHashCode());
        one.ShouldNotBe(same with { Source = "y" });
    }

    [Fact]
    public void A_date_cannot_be_both_off_and_worked()
    {
        var date = FrozenSet.Create(Date("2026-01-02"));

        Should.Throw<ArgumentException>(() => new YearSchedule(date, date));
    }

    [Fact]
    public void National_day_adjacent_day_must_be_next_to_2_September()
    {
        Should.Throw<ArgumentException>(() =>
            new YearSchedule(FrozenSet<LocalDate>.Empty, FrozenSet<LocalDate>.Empty, Date("2026-09-05")));
    }
}

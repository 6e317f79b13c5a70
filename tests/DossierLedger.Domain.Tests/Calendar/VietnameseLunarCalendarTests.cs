using DossierLedger.Domain.Calendar;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static DossierLedger.Domain.Tests.Calendar.CalendarTime;

namespace DossierLedger.Domain.Tests.Calendar;

public class VietnameseLunarCalendarTests
{
    [Theory]
    [InlineData(2021, "2021-02-12")]
    [InlineData(2022, "2022-02-01")]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    [InlineData(2030, "2030-02-02")] // new moon at 23:07 UTC+7 on 2/2; China (UTC+8) celebrates on 3/2
    public void Lunar_new_year(int year, string expected)
    {
        VietnameseLunarCalendar.LunarNewYear(year).ShouldBe(Date(expected));
        VietnameseLunarCalendar.ToLunar(Date(expected)).ShouldBe(new LunarDate(year, 1, 1, false));
    }

    [Theory]
    [InlineData(2021, "2021-04-21")]
    [InlineData(2022, "2022-04-10")]
    [InlineData(2023, "2023-04-29")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    [InlineData(2027, "2027-04-16")]
    [InlineData(2028, "2028-04-04")]
    [InlineData(2029, "2029-04-23")]
    [InlineData(2030, "2030-04-12")]
    public void Hung_kings_day_is_the_10th_of_the_3rd_lunar_month(int year, string expected)
    {
        VietnameseLunarCalendar.FromLunar(year, 3, 10).ShouldBe(Date(expected));
        VietnameseLunarCalendar.ToLunar(Date(expected)).ShouldBe(new LunarDate(year, 3, 10, false));
    }

    [Theory]
    [InlineData("2025-01-28", 2024, 12, 29, false)] // last day of Giáp Thìn: its 12th month has 29 days
    [InlineData("2021-02-11", 2020, 12, 30, false)] // 30 tháng Chạp Canh Tý
    [InlineData("2023-03-22", 2023, 2, 1, true)] // Quý Mão has a leap 2nd month
    [InlineData("2023-04-20", 2023, 3, 1, false)]
    [InlineData("2025-07-25", 2025, 6, 1, true)] // Ất Tỵ has a leap 6th month
    [InlineData("2025-09-06", 2025, 7, 15, false)] // Rằm tháng Bảy
    [InlineData("2024-12-01", 2024, 11, 1, false)] // month 11 belongs to the lunar year that began in February
    public void Known_lunar_dates(string date, int year, int month, int day, bool leap)
    {
        VietnameseLunarCalendar.ToLunar(Date(date)).ShouldBe(new LunarDate(year, month, day, leap));
        VietnameseLunarCalendar.FromLunar(year, month, day, leap).ShouldBe(Date(date));
    }

    [Fact]
    public void A_leap_month_that_does_not_exist_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromLunar(2024, 3, 1, leapMonth: true));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromLunar(2023, 3, 1, leapMonth: true));
    }

    [Theory]
    [InlineData(2024, 12, 30)] // the 12th month of Giáp Thìn has 29 days
    [InlineData(2025, 1, 0)]
    [InlineData(2025, 1, 31)]
    [InlineData(2025, 0, 1)]
    [InlineData(2025, 13, 1)]
    public void Days_and_months_that_do_not_exist_are_rejected(int year, int month, int day)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromLunar(year, month, day));
    }

    [Fact]
    public void Years_outside_the_supported_range_are_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.LunarNewYear(VietnameseLunarCalendar.MinYear - 1));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.ToLunar(new LocalDate(VietnameseLunarCalendar.MaxYear + 1, 1, 1)));

        // The lunar year before the first supported year converts where it reaches into that year.
        VietnameseLunarCalendar.ToLunar(new LocalDate(1800, 1, 1)).ShouldBe(new LunarDate(1799, 12, 7, false));
        VietnameseLunarCalendar.FromLunar(1799, 12, 7).ShouldBe(new LocalDate(1800, 1, 1));
        Should.Throw<ArgumentOutOfRangeException>(() => VietnameseLunarCalendar.FromLunar(1799, 12, 6));
    }

    [Fact]
    public void Every_supported_day_follows_the_previous_one_and_month_starts_convert_back()
    {
        var previous = VietnameseLunarCalendar.ToLunar(new LocalDate(VietnameseLunarCalendar.MinYear, 1, 1));
        var leapMonths = new Dictionary<int, int>();
        var last = new LocalDate(VietnameseLunarCalendar.MaxYear, 12, 31);
        for (var date = new LocalDate(VietnameseLunarCalendar.MinYear, 1, 2); date <= last; date = date.PlusDays(1))
        {
            var lunar = VietnameseLunarCalendar.ToLunar(date);
            if (lunar.Day == 1)
            {
                // FromLunar adds the day to the start of the month, so checking the starts covers every day.
                VietnameseLunarCalendar.FromLunar(lunar.Year, lunar.Month, 1, lunar.IsLeapMonth).ShouldBe(date);
                previous.Day.ShouldBeInRange(29, 30, $"{date}");
                var isNextMonth = previous.Month == 12
                    ? lunar is { Year: var y, Month: 1, IsLeapMonth: false } && y == previous.Year + 1
                    : lunar.Year == previous.Year && lunar.Month == previous.Month + 1 && !lunar.IsLeapMonth;
                var isLeapRepeat = lunar.Year == previous.Year && lunar.Month == previous.Month && lunar.IsLeapMonth && !previous.IsLeapMonth;
                (isNextMonth || isLeapRepeat).ShouldBeTrue($"{date}: {previous} → {lunar}");
                if (lunar.IsLeapMonth)
                {
                    leapMonths.ContainsKey(lunar.Year).ShouldBeFalse($"second leap month in {lunar.Year}");
                    leapMonths[lunar.Year] = lunar.Month;
                }
            }
            else
            {
                lunar.ShouldBe(previous with { Day = previous.Day + 1 }, $"{date}");
            }

            previous = lunar;
        }

        // 7 leap months in 19 years: about 147 in 400 years.
        leapMonths.Count.ShouldBeInRange(145, 150);
    }

    [Fact]
    public void Lunar_new_year_falls_between_21_January_and_20_February()
    {
        for (var year = VietnameseLunarCalendar.MinYear; year <= VietnameseLunarCalendar.MaxYear; year++)
        {
            var newYear = VietnameseLunarCalendar.LunarNewYear(year);
            newYear.ShouldBeInRange(new LocalDate(year, 1, 21), new LocalDate(year, 2, 20));
        }
    }

    [Fact]
    public void The_2033_leap_month_is_the_11th()
    {
        // In 2033–2034 a lunar month holds two major solar terms, so "the month without a major term"
        // is ambiguous; the first such month after the solstice month is the leap month: a leap 11th.
        VietnameseLunarCalendar.FromLunar(2033, 11, 1).ShouldBe(Date("2033-11-22"));
        VietnameseLunarCalendar.FromLunar(2033, 11, 1, leapMonth: true).ShouldBe(Date("2033-12-22"));
        VietnameseLunarCalendar.FromLunar(2033, 12, 1).ShouldBe(Date("2034-01-20"));
        VietnameseLunarCalendar.LunarNewYear(2034).ShouldBe(Date("2034-02-19"));
        VietnameseLunarCalendar.ToLunar(Date("2034-01-01")).ShouldBe(new LunarDate(2033, 11, 11, true));
    }

    private static Gen<LocalDate> Dates(int fromYear, int toYear)
    {
        var first = new LocalDate(fromYear, 1, 1);
        var days = Period.DaysBetween(first, new LocalDate(toYear, 12, 31));
        return Gen.Choose(0, days).Select(offset => first.PlusDays(offset));
    }

    [Property(MaxTest = 1000)]
    public Property Gregorian_dates_round_trip_through_the_lunar_calendar() =>
        Prop.ForAll(Dates(1990, 2050).ToArbitrary(), date =>
        {
            var lunar = VietnameseLunarCalendar.ToLunar(date);
            return VietnameseLunarCalendar.FromLunar(lunar.Year, lunar.Month, lunar.Day, lunar.IsLeapMonth) == date;
        });

    [Property(MaxTest = 1000)]
    public Property Lunar_dates_round_trip_through_the_gregorian_calendar() =>
        Prop.ForAll(Gen.Choose(1990, 2050).ToArbitrary(), Gen.Choose(1, 12).ToArbitrary(), Gen.Choose(1, 29).ToArbitrary(), (year, month, day) =>
            VietnameseLunarCalendar.ToLunar(VietnameseLunarCalendar.FromLunar(year, month, day)) == new LunarDate(year, month, day, false));
}

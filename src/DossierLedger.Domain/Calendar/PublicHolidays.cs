using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The statutory public holidays of any year (art. 112(1) of the Labour Code 2019, in force since
/// 2021): 1/1, Tết Âm lịch, Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5, and 2/9 with one adjacent
/// day; 11 days in all. Pure: lunar dates come from <see cref="VietnameseLunarCalendar"/>.
/// </summary>
/// <remarks>
/// The law fixes 5 days of Tết and leaves their placement to the Prime Minister; by default this is
/// the last day of the old lunar year and the first 4 days of the new one. Compensatory days (nghỉ
/// bù) and the announced placement come from the per-year <see cref="YearSchedule"/>.
/// </remarks>
public static class PublicHolidays
{
    /// <summary>Number of days of Tết Âm lịch (art. 112(1)(b)).</summary>
    public const int LunarNewYearDays = 5;

    /// <summary>The public holidays of <paramref name="year"/> in date order.</summary>
    /// <param name="year">A Gregorian year between <see cref="VietnameseLunarCalendar.MinYear"/> and <see cref="VietnameseLunarCalendar.MaxYear"/>.</param>
    /// <param name="nationalDayAdjacentDay">1 or 3 September of <paramref name="year"/>; null means 3 September.</param>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside the range of the lunar calendar.</exception>
    /// <exception cref="ArgumentException">The adjacent day is not 1 or 3 September of that year.</exception>
    public static IReadOnlyList<PublicHoliday> For(int year, LocalDate? nationalDayAdjacentDay = null)
    {
        var nationalDay = new LocalDate(year, 9, 2);
        var adjacent = nationalDayAdjacentDay ?? nationalDay.PlusDays(1);
        if (adjacent.Year != year || adjacent is not { Month: 9, Day: 1 or 3 })
        {
            throw new ArgumentException($"The day adjacent to National Day {year} must be 1 or 3 September {year}.", nameof(nationalDayAdjacentDay));
        }

        var lunarNewYear = VietnameseLunarCalendar.LunarNewYear(year);
        PublicHoliday[] holidays =
        [
            new(new LocalDate(year, 1, 1), PublicHolidayKind.NewYear),
            .. Enumerable.Range(-1, LunarNewYearDays)
                .Select(offset => new PublicHoliday(lunarNewYear.PlusDays(offset), PublicHolidayKind.LunarNewYear)),
            new(VietnameseLunarCalendar.FromLunar(year, 3, 10), PublicHolidayKind.HungKings),
            new(new LocalDate(year, 4, 30), PublicHolidayKind.ReunificationDay),
            new(new LocalDate(year, 5, 1), PublicHolidayKind.LabourDay),
            new(nationalDay, PublicHolidayKind.NationalDay),
            new(adjacent, PublicHolidayKind.NationalDay),
        ];
        return [.. holidays.OrderBy(holiday => holiday.Date)];
    }
}

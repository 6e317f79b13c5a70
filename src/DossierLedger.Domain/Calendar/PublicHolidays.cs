using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The statutory public holidays (ngày nghỉ lễ, tết) of any year, as the law in force on each day defines
/// them. Each holiday is a line with the date it took effect, so a holiday the law adds from some date is one
/// more line (<see cref="With"/>) and the years before it are untouched. Pure: lunar dates come from
/// <see cref="VietnameseLunarCalendar"/>.
/// </summary>
/// <remarks>
/// <para>Labour Code 2012 (art. 115): 1/1, 5 days of Tết, Giỗ Tổ Hùng Vương (10/3 lunar), 30/4, 1/5 and
/// 2/9, 10 days. Labour Code 2019 (art. 112(1)), in force from 1/1/2021, adds a day next to 2/9: 11 days.
/// Years before 2013 are computed with the 2012 set; a ledger holds no dossier that old.</para>
/// <para>The law leaves the placement of Tết and of the day next to 2/9 to the Prime Minister (art. 112(3)).
/// Tết is placed here as every announced year 2021–2026 placed it: the five weekdays (Monday–Friday) in a row
/// starting at the first weekday on or after the day two days before the lunar new year (28 or 29 tháng Chạp).
/// The span never includes a weekend day, so Tết needs no compensatory day. An announced schedule that places
/// it otherwise lists its own days (<see cref="YearSchedule"/>).</para>
/// </remarks>
public sealed class PublicHolidays
{
    /// <summary>Number of days of Tết Âm lịch (art. 112(1)(b)).</summary>
    public const int LunarNewYearDays = 5;

    /// <summary>The day the Labour Code 2019 took effect, which made National Day two days.</summary>
    public static readonly LocalDate NationalDayPairFrom = new(2021, 1, 1);

    private static readonly LocalDate Always = new(VietnameseLunarCalendar.MinYear, 1, 1);

    private readonly IReadOnlyList<StatutoryHoliday> _holidays;

    private PublicHolidays(IReadOnlyList<StatutoryHoliday> holidays) => _holidays = holidays;

    /// <summary>The holidays of Vietnamese law as it stands.</summary>
    public static PublicHolidays InForce { get; } = new(
    [
        new(PublicHolidayKind.NewYear, Always, year => [new LocalDate(year, 1, 1)]),
        new(PublicHolidayKind.LunarNewYear, Always, LunarNewYearSpan),
        new(PublicHolidayKind.HungKings, Always, year => [VietnameseLunarCalendar.FromLunar(year, 3, 10)]),
        new(PublicHolidayKind.ReunificationDay, Always, year => [new LocalDate(year, 4, 30)]),
        new(PublicHolidayKind.LabourDay, Always, year => [new LocalDate(year, 5, 1)]),
        new(PublicHolidayKind.NationalDay, Always, year => [new LocalDate(year, 9, 2)]),
    ]);

    /// <summary>The public holidays of <paramref name="year"/> under the law in force, in date order.</summary>
    /// <inheritdoc cref="Of"/>
    public static IReadOnlyList<PublicHoliday> For(int year, LocalDate? nationalDayAdjacentDay = null) =>
        InForce.Of(year, nationalDayAdjacentDay);

    /// <summary>Whether National Day is two days in <paramref name="year"/> (from 2021).</summary>
    public static bool HasNationalDayPair(int year) => new LocalDate(year, 9, 2) >= NationalDayPairFrom;

    /// <summary>These holidays and one more, which counts on its days from its effective date on.</summary>
    public PublicHolidays With(StatutoryHoliday holiday) => new([.. _holidays, holiday]);

    /// <summary>The public holidays of <paramref name="year"/> in date order.</summary>
    /// <param name="year">A Gregorian year between <see cref="VietnameseLunarCalendar.MinYear"/> and <see cref="VietnameseLunarCalendar.MaxYear"/>.</param>
    /// <param name="nationalDayAdjacentDay">1 or 3 September of <paramref name="year"/>; null means 3 September.
    /// Only from 2021, when the law added the day.</param>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside the range of the lunar calendar.</exception>
    /// <exception cref="ArgumentException">The adjacent day is not 1 or 3 September of that year, or is given for a year before 2021.</exception>
    public IReadOnlyList<PublicHoliday> Of(int year, LocalDate? nationalDayAdjacentDay = null)
    {
        if (year is < VietnameseLunarCalendar.MinYear or > VietnameseLunarCalendar.MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Supported years are {VietnameseLunarCalendar.MinYear}–{VietnameseLunarCalendar.MaxYear}.");
        }

        var holidays = _holidays
            .SelectMany(holiday => holiday.Days(year)
                .Where(date => date >= holiday.From)
                .Select(date => new PublicHoliday(date, holiday.Kind)))
            .ToList();
        if (HasNationalDayPair(year))
        {
            holidays.Add(new PublicHoliday(NationalDayAdjacent(year, nationalDayAdjacentDay), PublicHolidayKind.NationalDay));
        }
        else if (nationalDayAdjacentDay is not null)
        {
            throw new ArgumentException($"National Day {year} is one day: the adjacent day exists from 2021.", nameof(nationalDayAdjacentDay));
        }

        return [.. holidays.OrderBy(holiday => holiday.Date)];
    }

    private static LocalDate NationalDayAdjacent(int year, LocalDate? nationalDayAdjacentDay)
    {
        var adjacent = nationalDayAdjacentDay ?? new LocalDate(year, 9, 3);
        return adjacent.Year == year && adjacent is { Month: 9, Day: 1 or 3 }
            ? adjacent
            : throw new ArgumentException($"The day adjacent to National Day {year} must be 1 or 3 September {year}.", nameof(nationalDayAdjacentDay));
    }

    private static IEnumerable<LocalDate> LunarNewYearSpan(int year)
    {
        var day = VietnameseLunarCalendar.LunarNewYear(year).PlusDays(-2);
        for (var placed = 0; placed < LunarNewYearDays; day = day.PlusDays(1))
        {
            if (!IsWeekend(day))
            {
                placed++;
                yield return day;
            }
        }
    }

    internal static bool IsWeekend(LocalDate date) => date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;
}

/// <summary>One holiday of the statutory set and the law's effective date for it.</summary>
/// <param name="Kind">Which holiday it is.</param>
/// <param name="From">The first date on which the law makes its days holidays; its days before are not.</param>
/// <param name="Days">Its days in a Gregorian year.</param>
public sealed record StatutoryHoliday(PublicHolidayKind Kind, LocalDate From, Func<int, IEnumerable<LocalDate>> Days);

using System.Collections.Frozen;
using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The schedule of a year whose official schedule is not announced (yet): what the law itself implies, and
/// the days it leaves to the Prime Minister placed as announced years have placed them. An announced or
/// amended schedule replaces it entirely.
/// </summary>
/// <remarks>
/// Compensatory days (nghỉ bù) follow art. 111(3) of the Labour Code 2019 (art. 110(3) of the 2012 Code):
/// a holiday that falls on a weekly day off is compensated on the next working day. Tết is placed by
/// <see cref="PublicHolidays"/>; the day next to 2/9 by <see cref="NationalDayAdjacentDay"/>. Both rules
/// reproduce every announced year 2021–2026.
/// </remarks>
public static class RuleSchedule
{
    /// <summary>What a computed schedule names as its source.</summary>
    public const string Source =
        "Computed by rule, no schedule announced: compensatory days under art. 111(3) of the Labour Code 2019; "
        + "Tết and the day next to 2/9 placed as the announced years 2021–2026 placed them (art. 112(3)).";

    /// <summary>The computed schedule of <paramref name="year"/>.</summary>
    /// <param name="year">A year the lunar calendar covers.</param>
    /// <param name="holidays">The statutory holidays; <see cref="PublicHolidays.InForce"/> by default.</param>
    public static YearSchedule For(int year, PublicHolidays? holidays = null)
    {
        LocalDate? adjacent = PublicHolidays.HasNationalDayPair(year) ? NationalDayAdjacentDay(year) : null;
        var statutory = (holidays ?? PublicHolidays.InForce).Of(year, adjacent).Select(holiday => holiday.Date);
        return new YearSchedule(CompensatoryDays(statutory).ToFrozenSet(), FrozenSet<LocalDate>.Empty, adjacent, Source);
    }

    /// <summary>
    /// The compensatory days of <paramref name="holidays"/>: each holiday on a Saturday or Sunday, in date
    /// order, gives the first later Monday–Friday that is neither a holiday nor already given.
    /// </summary>
    public static IReadOnlyList<LocalDate> CompensatoryDays(IEnumerable<LocalDate> holidays)
    {
        var off = holidays.ToHashSet();
        var given = new List<LocalDate>();
        foreach (var holiday in off.Where(PublicHolidays.IsWeekend).Order().ToList())
        {
            var day = holiday.PlusDays(1);
            while (PublicHolidays.IsWeekend(day) || off.Contains(day))
            {
                day = day.PlusDays(1);
            }

            off.Add(day);
            given.Add(day);
        }

        return given;
    }

    /// <summary>
    /// The day next to 2/9 that is also off: the weekday neighbour (1/9 or 3/9) nearer a weekend, 1/9 when both
    /// are equally near, so that the two days join a weekend where they can.
    /// </summary>
    public static LocalDate NationalDayAdjacentDay(int year)
    {
        var nationalDay = new LocalDate(year, 9, 2);
        return nationalDay.DayOfWeek switch
        {
            IsoDayOfWeek.Sunday or IsoDayOfWeek.Monday or IsoDayOfWeek.Thursday => nationalDay.PlusDays(1),
            IsoDayOfWeek.Tuesday or IsoDayOfWeek.Wednesday or IsoDayOfWeek.Friday or IsoDayOfWeek.Saturday => nationalDay.PlusDays(-1),
            IsoDayOfWeek.None => throw new InvalidOperationException("A date always has a day of the week."),
            _ => throw new InvalidOperationException($"Unknown day of the week {nationalDay.DayOfWeek}."),
        };
    }
}

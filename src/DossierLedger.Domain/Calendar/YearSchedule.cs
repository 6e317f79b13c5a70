using System.Collections.Frozen;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The official holiday schedule of one year (lịch nghỉ lễ, tết do Chính phủ công bố), on top of the
/// statutory public holidays that <see cref="Calendar.WorkingDays"/> computes (<see cref="PublicHolidays"/>).
/// The unit in which a year's schedule is read, amended and stored; the shipped ones come from
/// <see cref="OfficialSchedules.Shipped"/>. Compares by value: equal sets, adjacent day and source.
/// </summary>
/// <param name="DaysOff">Days off as announced: the announced span of Tết, compensatory days (nghỉ
/// bù) and swapped weekdays (hoán đổi). Listing a statutory holiday or a weekend again is harmless.</param>
/// <param name="WorkingDays">Dates worked although they would otherwise be off: the Saturday worked
/// in exchange for a swapped weekday (làm bù), or a day of the default 5-day Tết span that the
/// announced span leaves out. They win over every other rule.</param>
/// <param name="NationalDayAdjacentDay">The day next to 2 September that is also a holiday that year
/// (1 or 3 September); null means 3 September. Only from 2021, when the law added the day.</param>
/// <param name="Source">Where the schedule comes from, e.g. number and date of the official notice.</param>
public sealed record YearSchedule(
    IReadOnlySet<LocalDate> DaysOff,
    IReadOnlySet<LocalDate> WorkingDays,
    LocalDate? NationalDayAdjacentDay = null,
    string? Source = null)
{
    /// <summary>A schedule that adds nothing to the statutory holidays.</summary>
    public static YearSchedule Empty { get; } = new(FrozenSet<LocalDate>.Empty, FrozenSet<LocalDate>.Empty);

    /// <summary>Extra days off (frozen copy of the argument).</summary>
    public IReadOnlySet<LocalDate> DaysOff { get; } = DaysOff.ToFrozenSet();

    /// <summary>Extra working dates (frozen copy of the argument); must not overlap <see cref="DaysOff"/>.</summary>
    public IReadOnlySet<LocalDate> WorkingDays { get; } = WorkingDays.Overlaps(DaysOff)
        ? throw new ArgumentException("A date cannot be both a day off and a working day.", nameof(WorkingDays))
        : WorkingDays.ToFrozenSet();

    /// <summary>The day next to National Day that is off, if not 3 September; must be 1 or 3 September.</summary>
    public LocalDate? NationalDayAdjacentDay { get; } =
        NationalDayAdjacentDay is { Month: 9, Day: 1 or 3 } or null
            ? NationalDayAdjacentDay
            : throw new ArgumentException("The National Day adjacent day must be 1 or 3 September.", nameof(NationalDayAdjacentDay));

    /// <summary>
    /// What is wrong with this schedule as the schedule of <paramref name="year"/>; empty when it is
    /// usable. Checks that every date lies in that year and that every working date is a weekend day
    /// or a statutory holiday (a weekday that is worked anyway is most likely a typo).
    /// </summary>
    public IReadOnlyList<string> Validate(int year)
    {
        if (year is < VietnameseLunarCalendar.MinYear or > VietnameseLunarCalendar.MaxYear)
        {
            return [$"{year} is outside the supported years {VietnameseLunarCalendar.MinYear}–{VietnameseLunarCalendar.MaxYear}."];
        }

        List<string> problems =
        [
            .. Stray(DaysOff, "day off"),
            .. Stray(WorkingDays, "working day"),
            .. Stray(NationalDayAdjacentDay is { } adjacent ? [adjacent] : [], "National Day adjacent day"),
            .. NationalDayAdjacentDay is not null && !PublicHolidays.HasNationalDayPair(year)
                ? [$"National Day {year} is one day: the adjacent day exists from 2021."]
                : Array.Empty<string>(),
        ];
        if (problems.Count > 0)
        {
            return problems;
        }

        var holidays = PublicHolidays.For(year, NationalDayAdjacentDay).Select(holiday => holiday.Date).ToHashSet();
        return
        [
            .. WorkingDays
                .Where(date => date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !holidays.Contains(date))
                .Order()
                .Select(date => $"working day {LocalDatePattern.Iso.Format(date)} is a {date.DayOfWeek} that is not a holiday, so it is worked anyway."),
        ];

        IEnumerable<string> Stray(IEnumerable<LocalDate> dates, string what) => dates
            .Where(date => date.Year != year)
            .Order()
            .Select(date => $"{what} {LocalDatePattern.Iso.Format(date)} is not in {year}.");
    }

    /// <summary>Equal when the sets hold the same dates and the adjacent day and the source are equal.</summary>
    public bool Equals(YearSchedule? other) =>
        other is not null
        && DaysOff.SetEquals(other.DaysOff)
        && WorkingDays.SetEquals(other.WorkingDays)
        && NationalDayAdjacentDay == other.NationalDayAdjacentDay
        && string.Equals(Source, other.Source, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(DaysOff.Count, WorkingDays.Count, NationalDayAdjacentDay, Source);
}

using System.Collections.Concurrent;
using System.Collections.Frozen;
using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The set of working dates (ngày làm việc) of public offices: Monday to Friday, minus the statutory
/// public holidays (<see cref="PublicHolidays"/>, computed for every year), minus the extra days off
/// of that year's <see cref="YearSchedule"/>, plus the dates it declares worked (làm bù), which win
/// over everything else. Dates are ISO-calendar dates in the years the lunar calendar covers
/// (<see cref="VietnameseLunarCalendar.MinYear"/>–<see cref="VietnameseLunarCalendar.MaxYear"/>).
/// </summary>
/// <remarks>
/// A year without a schedule gets the schedule the law implies (<see cref="RuleSchedule"/>): its
/// compensatory days (nghỉ bù) and the usual placement of the day next to 2/9.
/// </remarks>
public sealed class WorkingDays
{
    private readonly FrozenDictionary<int, YearSchedule> _schedules;
    private readonly PublicHolidays _holidays;

    // Statutory holidays plus scheduled days off, per year; computing lunar dates on every call would be wasteful.
    private readonly ConcurrentDictionary<int, FrozenSet<LocalDate>> _daysOff = new();

    /// <summary>Creates the set from optional per-year schedules, keyed by year.</summary>
    /// <param name="schedules">Announced or amended schedules by year; other years get <see cref="RuleSchedule"/>.</param>
    /// <param name="holidays">The statutory holidays; <see cref="PublicHolidays.InForce"/> by default.</param>
    /// <exception cref="ArgumentException">A schedule is not valid for its year (<see cref="YearSchedule.Validate"/>).</exception>
    public WorkingDays(IReadOnlyDictionary<int, YearSchedule>? schedules = null, PublicHolidays? holidays = null)
    {
        _holidays = holidays ?? PublicHolidays.InForce;
        schedules ??= FrozenDictionary<int, YearSchedule>.Empty;
        var problems = schedules
            .OrderBy(pair => pair.Key)
            .SelectMany(pair => pair.Value.Validate(pair.Key).Select(problem => $"Schedule for {pair.Key}: {problem}"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(schedules));
        }

        _schedules = schedules.ToFrozenDictionary();
    }

    /// <summary>Statutory holidays plus the shipped official schedules (<see cref="OfficialSchedules.Shipped"/>).</summary>
    public static WorkingDays Default { get; } = new(OfficialSchedules.Shipped);

    /// <summary>Whether public offices work on <paramref name="date"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside the range of the lunar calendar.</exception>
    public bool IsWorkingDay(LocalDate date)
    {
        // A declared working date is an explicit government decision, so it overrides everything else.
        if (_schedules.TryGetValue(date.Year, out var schedule) && schedule.WorkingDays.Contains(date))
        {
            return true;
        }

        return date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
            && !DaysOff(date.Year).Contains(date);
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public LocalDate NextWorkingDay(LocalDate date) => NextOrSameWorkingDay(date.PlusDays(1));

    /// <summary><paramref name="date"/> itself if it is a working day, else the next working day.</summary>
    public LocalDate NextOrSameWorkingDay(LocalDate date)
    {
        // Terminates: schedules only cover their own year and every year has working weekdays.
        while (!IsWorkingDay(date))
        {
            date = date.PlusDays(1);
        }

        return date;
    }

    private FrozenSet<LocalDate> DaysOff(int year) => _daysOff.GetOrAdd(year, _ =>
    {
        var schedule = _schedules.GetValueOrDefault(year) ?? RuleSchedule.For(year, _holidays);
        return _holidays.Of(year, schedule.NationalDayAdjacentDay)
            .Select(holiday => holiday.Date)
            .Concat(schedule.DaysOff)
            .ToFrozenSet();
    });
}

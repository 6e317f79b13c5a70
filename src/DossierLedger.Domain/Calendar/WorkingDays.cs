using System.Collections.Frozen;
using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The set of working dates (ngày làm việc) of public offices: Monday to Friday, minus public
/// holidays (ngày nghỉ lễ), minus the extra days off of a <see cref="YearSchedule"/>, plus the
/// Saturdays it declares worked (làm bù). Dates are ISO-calendar dates.
/// </summary>
/// <remarks>
/// Only fixed-date holidays are built in: 1/1, 30/4, 1/5, 2/9 and one day next to it. Lunar holidays
/// and compensatory days (nghỉ bù) come from per-year schedules, because the government announces
/// them year by year; a year without a schedule gets no compensatory days.
/// </remarks>
public sealed class WorkingDays
{
    private readonly FrozenDictionary<int, YearSchedule> _schedules;

    /// <summary>Creates the set from optional per-year schedules, keyed by year.</summary>
    /// <exception cref="ArgumentException">A schedule holds a date outside its key's year.</exception>
    public WorkingDays(IReadOnlyDictionary<int, YearSchedule>? schedules = null)
    {
        schedules ??= FrozenDictionary<int, YearSchedule>.Empty;
        foreach (var (year, schedule) in schedules)
        {
            var strayDate = schedule.DaysOff.Concat(schedule.WorkingDays)
                .Concat(schedule.NationalDayAdjacentDay is { } adjacent ? [adjacent] : [])
                .Where(date => date.Year != year)
                .Select(date => (LocalDate?)date)
                .FirstOrDefault();
            if (strayDate is not null)
            {
                throw new ArgumentException($"The schedule for {year} contains {strayDate}, which belongs to another year.", nameof(schedules));
            }
        }

        _schedules = schedules.ToFrozenDictionary();
    }

    /// <summary>Fixed holidays plus the known official schedules 2021–2025 (<see cref="KnownSchedules"/>).</summary>
    public static WorkingDays Default { get; } = new(KnownSchedules.Vietnam);

    /// <summary>Whether public offices work on <paramref name="date"/>.</summary>
    public bool IsWorkingDay(LocalDate date)
    {
        var schedule = _schedules.GetValueOrDefault(date.Year, YearSchedule.Empty);

        // A declared working date is an explicit government decision, so it overrides everything else.
        if (schedule.WorkingDays.Contains(date))
        {
            return true;
        }

        return date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
            && !IsFixedHoliday(date, schedule)
            && !schedule.DaysOff.Contains(date);
    }

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public LocalDate NextWorkingDay(LocalDate date) => NextOrSameWorkingDay(date.PlusDays(1));

    /// <summary><paramref name="date"/> itself if it is a working day, else the next working day.</summary>
    public LocalDate NextOrSameWorkingDay(LocalDate date)
    {
        // Terminates: a schedule only covers its own year and every unscheduled year has weekdays.
        while (!IsWorkingDay(date))
        {
            date = date.PlusDays(1);
        }

        return date;
    }

    private static bool IsFixedHoliday(LocalDate date, YearSchedule schedule) =>
        (date.Month, date.Day) switch
        {
            (1, 1) => true, // Tết Dương lịch
            (4, 30) => true, // Ngày Chiến thắng
            (5, 1) => true, // Quốc tế Lao động
            (9, 2) => true, // Quốc khánh
            (9, _) => date == (schedule.NationalDayAdjacentDay ?? new LocalDate(date.Year, 9, 3)),
            _ => false,
        };
}

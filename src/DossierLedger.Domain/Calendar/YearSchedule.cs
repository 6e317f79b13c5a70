using System.Collections.Frozen;
using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// The official holiday schedule of one year (lịch nghỉ lễ, Tết do Chính phủ công bố), on top of the
/// fixed-date public holidays that <see cref="Calendar.WorkingDays"/> knows by itself.
/// </summary>
/// <param name="DaysOff">Extra days off: lunar holidays (Tết, Giỗ Tổ Hùng Vương), compensatory days
/// (nghỉ bù) and swapped weekdays (hoán đổi).</param>
/// <param name="WorkingDays">Dates worked although they would otherwise be off, typically the
/// Saturday worked in exchange for a swapped weekday (làm bù). They win over every other rule.</param>
/// <param name="NationalDayAdjacentDay">The day next to 2 September that is also off that year
/// (1 or 3 September); null means 3 September.</param>
public sealed record YearSchedule(
    IReadOnlySet<LocalDate> DaysOff,
    IReadOnlySet<LocalDate> WorkingDays,
    LocalDate? NationalDayAdjacentDay = null)
{
    /// <summary>A schedule that adds nothing to the fixed holidays.</summary>
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
}

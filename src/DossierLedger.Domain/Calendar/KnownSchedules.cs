using System.Collections.Frozen;
using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// Hard-coded official holiday schedules for cán bộ, công chức, viên chức, 2021–2025, so that demo
/// data gets realistic deadlines.
/// </summary>
/// <remarks>
/// Stop-gap: Tết and Giỗ Tổ Hùng Vương follow the lunar calendar and compensatory or swapped days are
/// announced each year, so a later version replaces this class with lunar computation plus editable
/// per-year data. Only dates that were officially announced are listed; fixed-date holidays
/// (1/1, 30/4, 1/5, 2/9) are not repeated here because <see cref="WorkingDays"/> applies them itself.
/// </remarks>
public static class KnownSchedules
{
    /// <summary>Per-year schedules keyed by year, for <see cref="WorkingDays.Default"/>.</summary>
    public static IReadOnlyDictionary<int, YearSchedule> Vietnam { get; } = new Dictionary<int, YearSchedule>
    {
        [2021] = new(
            DaysOff: Dates(
                Range(new(2021, 2, 10), new(2021, 2, 16)), // Tết Tân Sửu
                [
                    new(2021, 4, 21), // Giỗ Tổ Hùng Vương
                    new(2021, 5, 3), // nghỉ bù: 1/5 fell on Saturday
                ]),
            WorkingDays: FrozenSet<LocalDate>.Empty), // National Day 2–3/9: the default adjacent day applies
        [2022] = new(
            DaysOff: Dates(
                [new(2022, 1, 3)], // nghỉ bù: 1/1 fell on Saturday
                Range(new(2022, 1, 29), new(2022, 2, 6)), // Tết Nhâm Dần
                [
                    new(2022, 4, 11), // Giỗ Tổ Hùng Vương, nghỉ bù: 10/4 fell on Sunday
                    new(2022, 5, 2), // nghỉ bù: 30/4 fell on Saturday
                    new(2022, 5, 3), // nghỉ bù: 1/5 fell on Sunday
                ]),
            WorkingDays: FrozenSet<LocalDate>.Empty,
            NationalDayAdjacentDay: new(2022, 9, 1)),
        [2023] = new(
            DaysOff: Dates(
                [new(2023, 1, 2)], // nghỉ bù: 1/1 fell on Sunday
                Range(new(2023, 1, 20), new(2023, 1, 26)), // Tết Quý Mão
                [
                    new(2023, 4, 29), // Giỗ Tổ Hùng Vương (Saturday)
                    new(2023, 5, 2), // nghỉ bù for Giỗ Tổ on Saturday
                    new(2023, 5, 3), // nghỉ bù: 30/4 fell on Sunday
                    new(2023, 9, 4), // nghỉ bù: 2/9 fell on Saturday
                ]),
            WorkingDays: FrozenSet<LocalDate>.Empty,
            NationalDayAdjacentDay: new(2023, 9, 1)),
        [2024] = new(
            DaysOff: Dates(
                Range(new(2024, 2, 8), new(2024, 2, 14)), // Tết Giáp Thìn
                [
                    new(2024, 4, 18), // Giỗ Tổ Hùng Vương
                    new(2024, 4, 29), // hoán đổi: Monday off ...
                ]),
            WorkingDays: FrozenSet.Create(new LocalDate(2024, 5, 4))), // ... worked on Saturday 4/5 instead
        [2025] = new(
            DaysOff: Dates(
                Range(new(2025, 1, 25), new(2025, 2, 2)), // Tết Ất Tỵ
                [
                    new(2025, 4, 7), // Giỗ Tổ Hùng Vương
                    new(2025, 5, 2), // hoán đổi: Friday off ...
                ]),
            WorkingDays: FrozenSet.Create(new LocalDate(2025, 4, 26)), // ... worked on Saturday 26/4 instead
            NationalDayAdjacentDay: new(2025, 9, 1)),
    }.ToFrozenDictionary();

    private static FrozenSet<LocalDate> Dates(params IEnumerable<LocalDate>[] groups) =>
        groups.SelectMany(group => group).ToFrozenSet();

    private static IEnumerable<LocalDate> Range(LocalDate first, LocalDate last)
    {
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            yield return date;
        }
    }
}

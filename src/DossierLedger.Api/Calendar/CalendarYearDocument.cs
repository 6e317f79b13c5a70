using DossierLedger.Domain.Calendar;
using NodaTime;

namespace DossierLedger.Api.Calendar;

/// <summary>An amended year schedule as stored (one Marten document per year), with who amended it and when.</summary>
public sealed record CalendarYearDocument(
    int Id,
    IReadOnlyList<LocalDate> DaysOff,
    IReadOnlyList<LocalDate> WorkingDays,
    LocalDate? NationalDayAdjacentDay,
    string? Source,
    string AmendedBy,
    Instant AmendedAt)
{
    public YearSchedule ToSchedule() => new(DaysOff.ToHashSet(), WorkingDays.ToHashSet(), NationalDayAdjacentDay, Source);
}

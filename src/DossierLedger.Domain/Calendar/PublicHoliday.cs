using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>One day of a statutory public holiday, as computed by <see cref="PublicHolidays"/>.</summary>
/// <param name="Date">The ISO date.</param>
/// <param name="Kind">The holiday the day belongs to.</param>
public sealed record PublicHoliday(LocalDate Date, PublicHolidayKind Kind);

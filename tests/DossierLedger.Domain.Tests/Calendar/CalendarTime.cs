using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Domain.Tests.Calendar;

/// <summary>
/// Expected values are written as Vietnamese wall-clock times and converted with a fixed +07:00
/// offset, so they never depend on the code under test.
/// </summary>
internal static class CalendarTime
{
    private static readonly LocalDateTimePattern MinutePattern =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    private static readonly LocalDateTimePattern SecondPattern =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss");

    private static readonly Offset Vietnam = Offset.FromHours(7);

    /// <summary>"2025-01-24T10:00" (or with seconds) in Vietnam as an instant.</summary>
    public static Instant At(string isoLocal)
    {
        var pattern = isoLocal.Length > 16 ? SecondPattern : MinutePattern;
        return pattern.Parse(isoLocal).Value.WithOffset(Vietnam).ToInstant();
    }

    /// <summary>"2025-01-24" as a date.</summary>
    public static LocalDate Date(string isoDate) => LocalDatePattern.Iso.Parse(isoDate).Value;
}

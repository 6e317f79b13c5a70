using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// Vietnam's time: the zone that dates and office hours are read in, and the offset instants are shown in to people.
/// Asia/Ho_Chi_Minh has kept UTC+7 all year since 1975, so a fixed offset shows every instant the ledger holds as its zone would.
/// </summary>
public static class VietnamTime
{
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"];

    public static Offset Offset { get; } = Offset.FromHours(7);

    /// <summary>The instant as a Vietnamese clock and calendar show it (+07:00).</summary>
    public static OffsetDateTime Of(Instant instant) => instant.WithOffset(Offset);

    public static OffsetDateTime? Of(Instant? instant) => instant?.WithOffset(Offset);
}

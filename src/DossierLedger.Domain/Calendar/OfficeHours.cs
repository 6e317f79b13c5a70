using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// Office hours of a one-stop shop (giờ làm việc của bộ phận một cửa): a morning and an
/// afternoon session separated by the lunch break.
/// </summary>
/// <remarks>
/// The properties are get-only (no <c>init</c>), so a <c>with</c> expression cannot bypass the
/// validation done by the constructor.
/// </remarks>
public sealed record OfficeHours
{
    /// <summary>Creates office hours; throws <see cref="ArgumentException"/> unless
    /// morning open &lt; morning close &lt;= afternoon open &lt; afternoon close.</summary>
    public OfficeHours(LocalTime morningOpen, LocalTime morningClose, LocalTime afternoonOpen, LocalTime afternoonClose)
    {
        if (morningOpen >= morningClose)
        {
            throw new ArgumentException($"Morning session must open before it closes ({morningOpen} >= {morningClose}).", nameof(morningClose));
        }

        if (afternoonOpen >= afternoonClose)
        {
            throw new ArgumentException($"Afternoon session must open before it closes ({afternoonOpen} >= {afternoonClose}).", nameof(afternoonClose));
        }

        // Equal is allowed: an office without a lunch break is still a valid schedule.
        if (morningClose > afternoonOpen)
        {
            throw new ArgumentException($"Morning session must end before the afternoon session starts ({morningClose} > {afternoonOpen}).", nameof(afternoonOpen));
        }

        MorningOpen = morningOpen;
        MorningClose = morningClose;
        AfternoonOpen = afternoonOpen;
        AfternoonClose = afternoonClose;
    }

    /// <summary>07:00–11:30 and 13:30–17:00, i.e. an 8-hour working day.</summary>
    public static OfficeHours Default { get; } = new(new LocalTime(7, 0), new LocalTime(11, 30), new LocalTime(13, 30), new LocalTime(17, 0));

    /// <summary>Start of the morning session (buổi sáng).</summary>
    public LocalTime MorningOpen { get; }

    /// <summary>End of the morning session; the lunch break starts here.</summary>
    public LocalTime MorningClose { get; }

    /// <summary>Start of the afternoon session (buổi chiều).</summary>
    public LocalTime AfternoonOpen { get; }

    /// <summary>End of the working day; day-based deadlines fall due at this time.</summary>
    public LocalTime AfternoonClose { get; }

    /// <summary>Working time in one full day; one "ngày làm việc" of a time limit is worth this much.</summary>
    public Duration WorkingDayLength =>
        Length(MorningOpen, MorningClose) + Length(AfternoonOpen, AfternoonClose);

    private static Duration Length(LocalTime open, LocalTime close) =>
        Duration.FromNanoseconds(close.NanosecondOfDay - open.NanosecondOfDay);
}

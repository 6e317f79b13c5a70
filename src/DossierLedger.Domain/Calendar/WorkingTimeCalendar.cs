using NodaTime;

namespace DossierLedger.Domain.Calendar;

/// <summary>
/// Computes deadlines (hạn giải quyết) in working time: office hours on working days, in one time zone.
/// Pure: every instant is an argument, the clock is never read.
/// </summary>
public sealed class WorkingTimeCalendar
{
    /// <summary>Creates a calendar from its time zone, office hours and working dates.</summary>
    public WorkingTimeCalendar(DateTimeZone zone, OfficeHours hours, WorkingDays days)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(days);
        Zone = zone;
        Hours = hours;
        Days = days;
    }

    /// <summary>Vietnamese public offices: Asia/Ho_Chi_Minh, <see cref="OfficeHours.Default"/>, <see cref="WorkingDays.Default"/>.</summary>
    public static WorkingTimeCalendar Vietnam { get; } =
        new(VietnamTime.Zone, OfficeHours.Default, WorkingDays.Default);

    /// <summary>The time zone in which office hours and dates are read.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>The daily office hours.</summary>
    public OfficeHours Hours { get; }

    /// <summary>The working dates.</summary>
    public WorkingDays Days { get; }

    /// <summary>The local date of <paramref name="instant"/> in <see cref="Zone"/>.</summary>
    public LocalDate LocalDate(Instant instant) => instant.InZone(Zone).Date;

    /// <summary><paramref name="instant"/> in <see cref="Zone"/>.</summary>
    public ZonedDateTime InZone(Instant instant) => instant.InZone(Zone);

    /// <summary>
    /// When the processing clock starts for a dossier received at <paramref name="received"/>: the
    /// receipt itself if it falls inside office hours of a working day, otherwise the next opening
    /// (before opening → 07:00, lunch break → 13:30, after closing or on a day off → 07:00 of the next
    /// working day). Closing times are exclusive: 11:30 → 13:30, 17:00 → next working day.
    /// </summary>
    public Instant ClockStart(Instant received)
    {
        var local = received.InZone(Zone);
        var date = local.Date;
        var time = local.TimeOfDay;
        if (Days.IsWorkingDay(date))
        {
            if (time < Hours.MorningOpen)
            {
                return At(date, Hours.MorningOpen);
            }

            if (time < Hours.MorningClose)
            {
                return received;
            }

            if (time < Hours.AfternoonOpen)
            {
                return At(date, Hours.AfternoonOpen);
            }

            if (time < Hours.AfternoonClose)
            {
                return received;
            }
        }

        return At(Days.NextWorkingDay(date), Hours.MorningOpen);
    }

    /// <summary>
    /// The instant at which <paramref name="workingTime"/> of office time has elapsed, counting from
    /// <see cref="ClockStart"/>(<paramref name="start"/>). An amount that runs out exactly at a closing
    /// time yields that closing time (11:30 or 17:00), not the next opening.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingTime"/> is negative.</exception>
    public Instant AddWorkingTime(Instant start, Duration workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, Duration.Zero);

        // Invariant: cursor lies inside an office session, ClockStart guarantees it for the start.
        var cursor = ClockStart(start);
        var remaining = workingTime;
        while (true)
        {
            var date = LocalDate(cursor);
            var morningClose = At(date, Hours.MorningClose);
            var (sessionClose, nextOpen) = cursor < morningClose
                ? (morningClose, At(date, Hours.AfternoonOpen))
                : (At(date, Hours.AfternoonClose), At(Days.NextWorkingDay(date), Hours.MorningOpen));

            // "<=" rather than "<": ending exactly at closing time is due at the close itself.
            var available = sessionClose - cursor;
            if (remaining <= available)
            {
                return cursor + remaining;
            }

            remaining -= available;
            cursor = nextOpen;
        }
    }

    /// <summary>Office time within [<paramref name="from"/>, <paramref name="to"/>); zero if <paramref name="to"/> &lt;= <paramref name="from"/>.</summary>
    public Duration WorkingTimeBetween(Instant from, Instant to)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }

        var total = Duration.Zero;
        var lastDate = LocalDate(to);
        for (var date = LocalDate(from); date <= lastDate; date = date.PlusDays(1))
        {
            if (Days.IsWorkingDay(date))
            {
                total += Overlap(At(date, Hours.MorningOpen), At(date, Hours.MorningClose), from, to)
                    + Overlap(At(date, Hours.AfternoonOpen), At(date, Hours.AfternoonClose), from, to);
            }
        }

        return total;
    }

    /// <summary>
    /// The deadline of a dossier received at <paramref name="received"/> with time limit
    /// <paramref name="limit"/>. Never earlier than the receipt and non-decreasing in the amount.
    /// </summary>
    public Instant DueAt(Instant received, TimeLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return limit.Unit switch
        {
            TimeLimitUnit.WorkingDays => AddWorkingTime(received, Hours.WorkingDayLength * limit.Amount),
            TimeLimitUnit.WorkingHours => AddWorkingTime(received, Duration.FromHours(limit.Amount)),
            TimeLimitUnit.CalendarDays => CalendarDaysDue(received, limit.Amount),
            TimeLimitUnit.SameDay => SameDayDue(received, limit.EffectiveCutoffHour),
            _ => throw new ArgumentOutOfRangeException(nameof(limit), limit.Unit, "Unknown time limit unit."),
        };
    }

    private Instant CalendarDaysDue(Instant received, int days)
    {
        // Counted from the day the clock starts, so a receipt on a day off does not eat into the limit.
        var dueDate = LocalDate(ClockStart(received)).PlusDays(days);
        return At(Days.NextOrSameWorkingDay(dueDate), Hours.AfternoonClose);
    }

    private Instant SameDayDue(Instant received, int cutoffHour)
    {
        var start = InZone(ClockStart(received));
        var dueDate = start.Hour < cutoffHour ? start.Date : Days.NextWorkingDay(start.Date);
        return At(dueDate, Hours.AfternoonClose);
    }

    // Lenient mapping keeps the calendar total for zones with DST gaps or overlaps; Vietnam has none.
    private Instant At(LocalDate date, LocalTime time) => (date + time).InZoneLeniently(Zone).ToInstant();

    private static Duration Overlap(Instant start, Instant end, Instant from, Instant to)
    {
        var overlapStart = start > from ? start : from;
        var overlapEnd = end < to ? end : to;
        return overlapEnd > overlapStart ? overlapEnd - overlapStart : Duration.Zero;
    }
}

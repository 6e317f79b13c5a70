using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>How a resolution compares with the due date (trước hạn / đúng hạn / quá hạn).</summary>
public enum Timeliness
{
    Early = 1,
    OnTime = 2,
    Overdue = 3,
}

/// <summary>What is compared when judging timeliness.</summary>
public enum TimelinessGranularity
{
    /// <summary>Local dates: resolved on the due date is on time, whatever the hour (the reporting convention).</summary>
    Date,

    /// <summary>Instants: early before the due instant, on time exactly at it, overdue after it.</summary>
    Instant,
}

public static class TimelinessJudge
{
    public static Timeliness Judge(Instant resolvedAt, Instant dueAt, DateTimeZone zone, TimelinessGranularity granularity)
    {
        var comparison = granularity == TimelinessGranularity.Date
            ? resolvedAt.InZone(zone).Date.CompareTo(dueAt.InZone(zone).Date)
            : resolvedAt.CompareTo(dueAt);
        return comparison switch
        {
            < 0 => Timeliness.Early,
            0 => Timeliness.OnTime,
            _ => Timeliness.Overdue,
        };
    }
}

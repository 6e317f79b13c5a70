namespace DossierLedger.Domain.Reports;

/// <summary>A vector of <see cref="ReportCounter"/> values: a day's, a month's or a cumulative count.</summary>
public sealed record ReportCounters(
    long ReceivedDirect,
    long ReceivedOnline,
    long ReceivedPostal,
    long ResolvedEarly,
    long ResolvedOnTime,
    long ResolvedOverdue,
    long Withdrawn,
    long Stopped,
    long OverdueStarted,
    long OverdueEnded)
{
    public static readonly ReportCounters Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long Received => ReceivedDirect + ReceivedOnline + ReceivedPostal;

    public long Closed => ResolvedEarly + ResolvedOnTime + ResolvedOverdue + Withdrawn + Stopped;

    public long OpenOverdue => OverdueStarted - OverdueEnded;

    public static ReportCounters operator +(ReportCounters a, ReportCounters b) => new(
        a.ReceivedDirect + b.ReceivedDirect, a.ReceivedOnline + b.ReceivedOnline, a.ReceivedPostal + b.ReceivedPostal,
        a.ResolvedEarly + b.ResolvedEarly, a.ResolvedOnTime + b.ResolvedOnTime, a.ResolvedOverdue + b.ResolvedOverdue,
        a.Withdrawn + b.Withdrawn, a.Stopped + b.Stopped, a.OverdueStarted + b.OverdueStarted, a.OverdueEnded + b.OverdueEnded);

    public static ReportCounters operator -(ReportCounters a, ReportCounters b) => a + b.Negate();

    public ReportCounters Negate() => new(
        -ReceivedDirect, -ReceivedOnline, -ReceivedPostal, -ResolvedEarly, -ResolvedOnTime, -ResolvedOverdue,
        -Withdrawn, -Stopped, -OverdueStarted, -OverdueEnded);

    /// <summary>A vector with one counter set to <paramref name="value"/>.</summary>
    public static ReportCounters Unit(ReportCounter counter, long value = 1) => counter switch
    {
        ReportCounter.ReceivedDirect => Zero with { ReceivedDirect = value },
        ReportCounter.ReceivedOnline => Zero with { ReceivedOnline = value },
        ReportCounter.ReceivedPostal => Zero with { ReceivedPostal = value },
        ReportCounter.ResolvedEarly => Zero with { ResolvedEarly = value },
        ReportCounter.ResolvedOnTime => Zero with { ResolvedOnTime = value },
        ReportCounter.ResolvedOverdue => Zero with { ResolvedOverdue = value },
        ReportCounter.Withdrawn => Zero with { Withdrawn = value },
        ReportCounter.Stopped => Zero with { Stopped = value },
        ReportCounter.OverdueStarted => Zero with { OverdueStarted = value },
        ReportCounter.OverdueEnded => Zero with { OverdueEnded = value },
        _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, null),
    };
}

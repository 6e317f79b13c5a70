using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// Dossiers to handle in the period (tổng số): carried over plus newly received, by channel. <see cref="HandedIn"/>: of
/// the new, those handed over from another authority (counted in the channel they were received in).
/// </summary>
public sealed record ReceivedFigures(long Total, long CarriedOver, long New, long Online, long Direct, long Postal, long HandedIn = 0)
{
    /// <summary>Trực tiếp và qua dịch vụ bưu chính: the second column of the official table.</summary>
    public long DirectOrPostal => Direct + Postal;
}

/// <summary>Resolved in the period (đã giải quyết), split by timeliness.</summary>
public sealed record ResolvedFigures(long Total, long Early, long OnTime, long Overdue);

/// <summary>Closed in the period other than by resolution; <see cref="HandedOver"/>: given to another authority, which carries them on.</summary>
public sealed record ClosedOtherFigures(long Withdrawn, long Stopped, long HandedOver = 0);

/// <summary>Still open at the end of the period (đang giải quyết), within or past the deadline.</summary>
public sealed record PendingFigures(long Total, long WithinDeadline, long Overdue);

/// <summary>A rate shown with what it is made of; <see cref="Value"/> is null when nothing was counted.</summary>
public sealed record Ratio(long Numerator, long Denominator)
{
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;
}

/// <summary>
/// The Biểu 06 figures of one period. Identities hold by construction:
/// total = resolved + withdrawn + stopped + handed over + pending, resolved = early + onTime + overdue,
/// new = online + direct + postal.
/// </summary>
public sealed record PeriodFigures(
    ReceivedFigures Received,
    ResolvedFigures Resolved,
    ClosedOtherFigures ClosedOther,
    PendingFigures Pending)
{
    /// <summary>Tỷ lệ đúng hạn: (early + on time) ÷ resolved.</summary>
    public Ratio OnTimeRate => OnTimeRateOf(Resolved.Early, Resolved.OnTime, Resolved.Total);

    /// <summary>Tỷ lệ tiếp nhận trực tuyến: online ÷ newly received.</summary>
    public Ratio OnlineRate => OnlineRateOf(Received.Online, Received.New);

    /// <summary>The on-time rate of any counts, such as those a person typed (<c>Reconciliation.TypedReport</c>).</summary>
    public static Ratio OnTimeRateOf(long early, long onTime, long resolved) => new(early + onTime, resolved);

    /// <summary>The online rate of any counts.</summary>
    public static Ratio OnlineRateOf(long online, long received) => new(online, received);

    /// <summary>
    /// The figures of <c>[from, to]</c> from two cumulative counter vectors: everything counted on days
    /// before <c>from</c>, and everything counted on days up to and including <c>to</c>. Each figure is
    /// a difference of cumulative counts, which is what lets a report avoid visiting single dossiers.
    /// </summary>
    public static PeriodFigures FromCumulative(ReportCounters beforeStart, ReportCounters throughEnd)
    {
        var inPeriod = throughEnd - beforeStart;
        var carriedOver = beforeStart.Received - beforeStart.Closed;
        var pending = throughEnd.Received - throughEnd.Closed;
        var pendingOverdue = throughEnd.OpenOverdue;
        return new PeriodFigures(
            new ReceivedFigures(carriedOver + inPeriod.Received, carriedOver, inPeriod.Received,
                inPeriod.ReceivedOnline, inPeriod.ReceivedDirect, inPeriod.ReceivedPostal, inPeriod[ReportCounter.ReceivedHandedIn]),
            new ResolvedFigures(inPeriod.ResolvedEarly + inPeriod.ResolvedOnTime + inPeriod.ResolvedOverdue,
                inPeriod.ResolvedEarly, inPeriod.ResolvedOnTime, inPeriod.ResolvedOverdue),
            new ClosedOtherFigures(inPeriod.Withdrawn, inPeriod.Stopped, inPeriod[ReportCounter.HandedOver]),
            new PendingFigures(pending, pending - pendingOverdue, pendingOverdue));
    }

    /// <summary>
    /// The figures of <c>[from, to]</c> straight from their definitions, one dossier's part at a time (one part per
    /// authority that held it, <see cref="DossierFacts.Of"/>), each figure the number of parts
    /// <see cref="FigureMembership"/> puts in it: the reference the counter arithmetic is checked against, and what a
    /// verification recomputes. Over an area (<paramref name="covers"/> holds both ends of a hand-over) the hand-over is
    /// neither a departure nor an arrival: the area counts the dossier once.
    /// </summary>
    public static PeriodFigures FromDefinition(IEnumerable<DossierFacts> dossiers, LocalDate from, LocalDate to, Func<string, bool>? covers = null)
    {
        var n = FigureCounts.Of(dossiers, new FigureScope(from, to, covers));
        return new PeriodFigures(
            new ReceivedFigures(n[Figure.ReceivedTotal], n[Figure.ReceivedCarriedOver], n[Figure.ReceivedNew],
                n[Figure.ReceivedOnline], n[Figure.ReceivedDirect], n[Figure.ReceivedPostal], n[Figure.ReceivedHandedIn]),
            new ResolvedFigures(n[Figure.ResolvedTotal], n[Figure.ResolvedEarly], n[Figure.ResolvedOnTime], n[Figure.ResolvedOverdue]),
            new ClosedOtherFigures(n[Figure.ClosedOtherWithdrawn], n[Figure.ClosedOtherStopped], n[Figure.ClosedOtherHandedOver]),
            new PendingFigures(n[Figure.PendingTotal], n[Figure.PendingWithinDeadline], n[Figure.PendingOverdue]));
    }
}

using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// 5.4 satisfaction: 100 % less the overdue rate and the rate of resolved dossiers with a complaint or a
/// "dissatisfied" rating, both over the dossiers resolved in the period.
/// </summary>
public sealed record SatisfactionFigures(Ratio OverdueRate, Ratio ComplaintRate)
{
    public double? Value => OverdueRate.Value is { } overdue && ComplaintRate.Value is { } complaint
        ? 1 - overdue - complaint
        : null;
}

/// <summary>
/// The QĐ 766/QĐ-TTg service-quality indicators the ledger can compute, each with its numerator and
/// denominator, plus the digitization and online-payment figures of Biểu 06. Definitions where the
/// decision leaves room are documented choices (docs/reports.md).
/// </summary>
/// <param name="Progress">2.1: finished by the due date (at most one supplement request), or still within it, over all handled.</param>
/// <param name="OnlineReception">3.3: received online over all received in the period.</param>
/// <param name="OnlinePayment">3.6: received in the period with a fee and paid online, over those with a fee.</param>
/// <param name="Digitization">4.2: handled dossiers with digitized components over all handled.</param>
/// <param name="Satisfaction">5.4.</param>
public sealed record QualityFigures(
    Ratio Progress,
    Ratio OnlineReception,
    Ratio OnlinePayment,
    Ratio Digitization,
    SatisfactionFigures Satisfaction)
{
    /// <summary>The indicators from two cumulative counter vectors, as <see cref="PeriodFigures.FromCumulative"/>.</summary>
    public static QualityFigures FromCumulative(ReportCounters beforeStart, ReportCounters throughEnd)
    {
        var inPeriod = throughEnd - beforeStart;
        var handled = beforeStart.Open + inPeriod.Received;
        var pendingWithin = throughEnd.Open - throughEnd.OpenOverdue;
        var multiPendingWithin =
            throughEnd[ReportCounter.MultiSupplementReceived] - throughEnd[ReportCounter.MultiSupplementClosed]
            - (throughEnd[ReportCounter.MultiSupplementOverdueStarted] - throughEnd[ReportCounter.MultiSupplementOverdueEnded]);
        var digitizedHandled = beforeStart[ReportCounter.DigitizedReceived] - beforeStart[ReportCounter.DigitizedClosed]
            + inPeriod[ReportCounter.DigitizedReceived];
        return new QualityFigures(
            new Ratio(inPeriod[ReportCounter.ClosedInTime] + pendingWithin - multiPendingWithin, handled),
            new Ratio(inPeriod.ReceivedOnline, inPeriod.Received),
            new Ratio(inPeriod[ReportCounter.PaidOnlineReceived], inPeriod[ReportCounter.FeeReceived]),
            new Ratio(digitizedHandled, handled),
            new SatisfactionFigures(
                new Ratio(inPeriod.ResolvedOverdue, inPeriod.Resolved),
                new Ratio(inPeriod[ReportCounter.ComplaintResolved], inPeriod.Resolved)));
    }

    /// <summary>The indicators straight from their definitions, one dossier at a time (the reference).</summary>
    public static QualityFigures FromDefinition(IEnumerable<DossierFacts> dossiers, LocalDate from, LocalDate to)
    {
        long handled = 0, progress = 0, received = 0, online = 0, fee = 0, paidOnline = 0, digitized = 0;
        long resolved = 0, overdue = 0, complaint = 0;
        foreach (var d in dossiers)
        {
            var isHandled = d.ReceivedOn <= to && !(d.ClosedOn < from);
            var closedInPeriod = d.ClosedOn >= from && d.ClosedOn <= to;
            var receivedInPeriod = d.ReceivedOn >= from && d.ReceivedOn <= to;
            var pendingWithin = d.ReceivedOn <= to && !(d.ClosedOn <= to) && !(d.OverdueOn <= to);
            if (isHandled)
            {
                handled++;
                digitized += d.Digitized ? 1 : 0;
                progress += !d.MultiSupplement && ((closedInPeriod && d.ClosedInTime) || pendingWithin) ? 1 : 0;
            }

            if (receivedInPeriod)
            {
                received++;
                online += d.Channel == Dossiers.Channel.Online ? 1 : 0;
                fee += d.FeeRequested ? 1 : 0;
                paidOnline += d.PaidOnline && d.FeeRequested ? 1 : 0;
            }

            if (closedInPeriod && d.Closure == Closure.Resolved)
            {
                resolved++;
                overdue += d.Timeliness == Dossiers.Timeliness.Overdue ? 1 : 0;
                complaint += d.Complaint ? 1 : 0;
            }
        }

        return new QualityFigures(
            new Ratio(progress, handled),
            new Ratio(online, received),
            new Ratio(paidOnline, fee),
            new Ratio(digitized, handled),
            new SatisfactionFigures(new Ratio(overdue, resolved), new Ratio(complaint, resolved)));
    }
}

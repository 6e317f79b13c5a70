namespace DossierLedger.Domain.Reports;

/// <summary>
/// Each figure as the reports compute it from their counters: the Biểu 06 figures and rates, the QĐ 766 numerators and
/// denominators, and the official table's cells. It is what the list of the dossiers behind a figure is as long as
/// (<see cref="FigureMembership"/>; the domain's properties hold the two together).
/// </summary>
public static class ReportedFigure
{
    public static long Of(Figure figure, PeriodFigures figures, QualityFigures quality, OfficialFigures official)
    {
        var (received, resolved, closedOther, pending) = (figures.Received, figures.Resolved, figures.ClosedOther, figures.Pending);
        return figure switch
        {
            Figure.ReceivedCarriedOver => received.CarriedOver,
            Figure.ReceivedOnline => received.Online,
            Figure.ReceivedDirect => received.Direct,
            Figure.ReceivedPostal => received.Postal,
            Figure.ReceivedNew => received.New,
            Figure.ReceivedDirectOrPostal => received.DirectOrPostal,
            Figure.ReceivedTotal => received.Total,
            Figure.ReceivedHandedIn => received.HandedIn,
            Figure.ResolvedEarly => resolved.Early,
            Figure.ResolvedOnTime => resolved.OnTime,
            Figure.ResolvedOverdue => resolved.Overdue,
            Figure.ResolvedTotal => resolved.Total,
            Figure.ClosedOtherWithdrawn => closedOther.Withdrawn,
            Figure.ClosedOtherStopped => closedOther.Stopped,
            Figure.ClosedOtherHandedOver => closedOther.HandedOver,
            Figure.PendingTotal => pending.Total,
            Figure.PendingWithinDeadline => pending.WithinDeadline,
            Figure.PendingOverdue => pending.Overdue,
            Figure.OnTimeRatioNumerator => figures.OnTimeRate.Numerator,
            Figure.OnTimeRatioDenominator => figures.OnTimeRate.Denominator,
            Figure.OnlineRatioNumerator => figures.OnlineRate.Numerator,
            Figure.OnlineRatioDenominator => figures.OnlineRate.Denominator,
            >= Figure.Official1 and <= Figure.Official11 => official.Cells[figure - Figure.Official1],
            Figure.ProgressNumerator => quality.Progress.Numerator,
            Figure.ProgressDenominator => quality.Progress.Denominator,
            Figure.ProcessingTimeDossiers => quality.ProcessingTime.Dossiers,
            Figure.OnlineReceptionNumerator => quality.OnlineReception.Numerator,
            Figure.OnlineReceptionDenominator => quality.OnlineReception.Denominator,
            Figure.OnlinePaymentNumerator => quality.OnlinePayment.Numerator,
            Figure.OnlinePaymentDenominator => quality.OnlinePayment.Denominator,
            Figure.ElectronicResultsNumerator => quality.ElectronicResults.Numerator,
            Figure.ElectronicResultsDenominator => quality.ElectronicResults.Denominator,
            Figure.DigitizationNumerator => quality.Digitization.Numerator,
            Figure.DigitizationDenominator => quality.Digitization.Denominator,
            Figure.DataReuseNumerator => quality.DataReuse.Numerator,
            Figure.DataReuseDenominator => quality.DataReuse.Denominator,
            Figure.OverdueRateNumerator => quality.Satisfaction.OverdueRate.Numerator,
            Figure.OverdueRateDenominator => quality.Satisfaction.OverdueRate.Denominator,
            Figure.ComplaintRateNumerator => quality.Satisfaction.ComplaintRate.Numerator,
            Figure.ComplaintRateDenominator => quality.Satisfaction.ComplaintRate.Denominator,
            Figure.DigitizedComponentsNumerator => quality.DigitizedComponents.Numerator,
            Figure.DigitizedComponentsDenominator => quality.DigitizedComponents.Denominator,
            _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, "Unknown figure."),
        };
    }
}

using DossierLedger.Domain.Reports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>
/// Every figure a report shows is the number of parts <see cref="FigureMembership"/> puts in it: the Biểu 06 figures and
/// rates, the official cells under either folding and the QĐ 766 numerators and denominators, for random facts and for
/// random hand-overs over every area. So the list of the dossiers behind a figure is as long as the figure.
/// </summary>
public class FigureMembershipProperties
{
    /// <summary>Each figure as the report computes it from the figures FromDefinition gives.</summary>
    private static Dictionary<Figure, long> Reported(IReadOnlyList<DossierFacts> parts, FigureScope scope)
    {
        var figures = PeriodFigures.FromDefinition(parts, scope.From, scope.To, scope.Covers);
        var quality = QualityFigures.FromDefinition(parts, scope.From, scope.To, scope.Covers);
        var official = OfficialBieu06.Fold(figures, ClosedOtherTimeliness.FromDefinition(parts, scope.From, scope.To, scope.Covers), scope.Folding);
        var (received, resolved, closedOther, pending) = (figures.Received, figures.Resolved, figures.ClosedOther, figures.Pending);
        var reported = new Dictionary<Figure, long>
        {
            [Figure.ReceivedCarriedOver] = received.CarriedOver,
            [Figure.ReceivedOnline] = received.Online,
            [Figure.ReceivedDirect] = received.Direct,
            [Figure.ReceivedPostal] = received.Postal,
            [Figure.ReceivedNew] = received.New,
            [Figure.ReceivedDirectOrPostal] = received.DirectOrPostal,
            [Figure.ReceivedTotal] = received.Total,
            [Figure.ReceivedHandedIn] = received.HandedIn,
            [Figure.ResolvedEarly] = resolved.Early,
            [Figure.ResolvedOnTime] = resolved.OnTime,
            [Figure.ResolvedOverdue] = resolved.Overdue,
            [Figure.ResolvedTotal] = resolved.Total,
            [Figure.ClosedOtherWithdrawn] = closedOther.Withdrawn,
            [Figure.ClosedOtherStopped] = closedOther.Stopped,
            [Figure.ClosedOtherHandedOver] = closedOther.HandedOver,
            [Figure.PendingTotal] = pending.Total,
            [Figure.PendingWithinDeadline] = pending.WithinDeadline,
            [Figure.PendingOverdue] = pending.Overdue,
            [Figure.OnTimeRatioNumerator] = figures.OnTimeRate.Numerator,
            [Figure.OnTimeRatioDenominator] = figures.OnTimeRate.Denominator,
            [Figure.OnlineRatioNumerator] = figures.OnlineRate.Numerator,
            [Figure.OnlineRatioDenominator] = figures.OnlineRate.Denominator,
            [Figure.ProgressNumerator] = quality.Progress.Numerator,
            [Figure.ProgressDenominator] = quality.Progress.Denominator,
            [Figure.ProcessingTimeDossiers] = quality.ProcessingTime.Dossiers,
            [Figure.OnlineReceptionNumerator] = quality.OnlineReception.Numerator,
            [Figure.OnlineReceptionDenominator] = quality.OnlineReception.Denominator,
            [Figure.OnlinePaymentNumerator] = quality.OnlinePayment.Numerator,
            [Figure.OnlinePaymentDenominator] = quality.OnlinePayment.Denominator,
            [Figure.ElectronicResultsNumerator] = quality.ElectronicResults.Numerator,
            [Figure.ElectronicResultsDenominator] = quality.ElectronicResults.Denominator,
            [Figure.DigitizationNumerator] = quality.Digitization.Numerator,
            [Figure.DigitizationDenominator] = quality.Digitization.Denominator,
            [Figure.DataReuseNumerator] = quality.DataReuse.Numerator,
            [Figure.DataReuseDenominator] = quality.DataReuse.Denominator,
            [Figure.OverdueRateNumerator] = quality.Satisfaction.OverdueRate.Numerator,
            [Figure.OverdueRateDenominator] = quality.Satisfaction.OverdueRate.Denominator,
            [Figure.ComplaintRateNumerator] = quality.Satisfaction.ComplaintRate.Numerator,
            [Figure.ComplaintRateDenominator] = quality.Satisfaction.ComplaintRate.Denominator,
            [Figure.DigitizedComponentsNumerator] = quality.DigitizedComponents.Numerator,
            [Figure.DigitizedComponentsDenominator] = quality.DigitizedComponents.Denominator,
        };
        foreach (var column in OfficialBieu06.Columns)
        {
            reported[Figures.OfficialCell(column.Number)] = official.Cells[column.Number - 1];
        }

        return reported;
    }

    private static void EveryFigureIsItsMembersCount(IReadOnlyList<DossierFacts> parts, FigureScope scope)
    {
        var reported = Reported(parts, scope);
        reported.Keys.ShouldBe(Figures.All, ignoreOrder: true);
        var members = FigureCounts.Of(parts, scope);
        foreach (var figure in Figures.All)
        {
            members[figure].ShouldBe(reported[figure], $"{Figures.NameOf(figure)} under {scope.Folding}");
        }
    }

    [Property(MaxTest = 300)]
    public Property Every_figure_counts_its_members() =>
        Prop.ForAll(CumulativeArithmeticProperties.Cases().ToArbitrary(), c =>
        {
            foreach (var folding in Enum.GetValues<Bieu06Folding>())
            {
                EveryFigureIsItsMembersCount(c.Dossiers, new FigureScope(c.From, c.To, null, folding));
            }
        });

    [Property(MaxTest = 200)]
    public Property Every_figure_of_an_area_counts_its_members_parts() =>
        Prop.ForAll(HandOverCountingProperties.Cases().ToArbitrary(), c =>
        {
            var parts = c.Dossiers.SelectMany(d => DossierFacts.Of(d, HandOverCountingProperties.Zone)).ToList();
            foreach (var area in HandOverCountingProperties.Areas())
            {
                foreach (var folding in Enum.GetValues<Bieu06Folding>())
                {
                    EveryFigureIsItsMembersCount([.. parts.Where(p => area.Contains(p.UnitCode))], new FigureScope(c.From, c.To, area.Contains, folding));
                }
            }
        });

    [Fact]
    public void Figures_have_distinct_names_that_fit_a_set()
    {
        Figures.All.Count.ShouldBeLessThanOrEqualTo(64, "a FigureSet holds one bit per figure");
        Figures.All.Select(Figures.NameOf).Distinct().Count().ShouldBe(Figures.All.Count);
        Figures.All.ShouldAllBe(f => Figures.Find(Figures.NameOf(f)) == f);
        Figures.Find("received.Online").ShouldBeNull();
        Figures.Find("official.12").ShouldBeNull();
    }
}

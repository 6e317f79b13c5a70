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
        return Figures.All.ToDictionary(f => f, f => ReportedFigure.Of(f, figures, quality, official));
    }

    /// <summary>Whether a part lies in a window, as the facts table's read selects it (an open part closes never).</summary>
    private static bool Holds(FigureWindow w, DossierFacts d) =>
        d.ReceivedOn <= w.ReceivedTo && !(d.ReceivedOn < w.ReceivedFrom) && !(d.ClosedOn < w.ClosedFrom) && (w.ClosedTo is null || d.ClosedOn <= w.ClosedTo);

    private static void EveryFigureIsItsMembersCount(IReadOnlyList<DossierFacts> parts, FigureScope scope)
    {
        var reported = Reported(parts, scope);
        var members = FigureCounts.Of(parts, scope);
        foreach (var figure in Figures.All)
        {
            members[figure].ShouldBe(reported[figure], $"{Figures.NameOf(figure)} under {scope.Folding}");
        }

        // Every member lies in its figure's window of dates, so a list read from those dates misses none.
        foreach (var part in parts)
        {
            foreach (var figure in FigureMembership.Of(part, scope).Members)
            {
                Holds(FigureMembership.WindowOf(figure, scope.From, scope.To), part).ShouldBeTrue($"{Figures.NameOf(figure)}: {part}");
                Holds(FigureMembership.AnyFigureWindow(scope.From, scope.To), part).ShouldBeTrue($"any figure: {part}");
            }
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

using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>Dossiers that ended one way in the period, split by how the end compares with their due.</summary>
public sealed record EndedFigures(long Total, long Early, long OnTime, long Overdue);

/// <summary>
/// The withdrawn, stopped and handed-over dossiers of a period judged against their due like a resolution
/// (<see cref="DossierFacts.ClosingTimeliness"/>): what the official Biểu 06 folds into its resolved columns
/// (<see cref="OfficialBieu06"/>). The ledger's own report keeps them apart, unjudged (<see cref="ClosedOtherFigures"/>).
/// </summary>
public sealed record ClosedOtherTimeliness(EndedFigures Withdrawn, EndedFigures Stopped, EndedFigures HandedOver)
{
    /// <summary>From two cumulative counter vectors, as <see cref="PeriodFigures.FromCumulative"/>.</summary>
    public static ClosedOtherTimeliness FromCumulative(ReportCounters beforeStart, ReportCounters throughEnd)
    {
        var inPeriod = throughEnd - beforeStart;
        return new(
            Split(inPeriod.Withdrawn, inPeriod[ReportCounter.WithdrawnEarly], inPeriod[ReportCounter.WithdrawnOverdue]),
            Split(inPeriod.Stopped, inPeriod[ReportCounter.StoppedEarly], inPeriod[ReportCounter.StoppedOverdue]),
            Split(inPeriod[ReportCounter.HandedOver], inPeriod[ReportCounter.HandedOverEarly], inPeriod[ReportCounter.HandedOverOverdue]));
    }

    /// <summary>
    /// Straight from the definitions, one dossier's part at a time (the reference): the parts <see cref="FigureMembership"/> counts as
    /// withdrawn, stopped or handed over, by their closing timeliness; over an area as <see cref="PeriodFigures.FromDefinition"/>.
    /// </summary>
    public static ClosedOtherTimeliness FromDefinition(IEnumerable<DossierFacts> dossiers, LocalDate from, LocalDate to, Func<string, bool>? covers = null)
    {
        var scope = new FigureScope(from, to, covers);
        var counts = new Dictionary<(Closure, Timeliness), long>();
        foreach (var d in dossiers)
        {
            var members = FigureMembership.Of(d, scope);
            if (members.Contains(Figure.ClosedOtherWithdrawn) || members.Contains(Figure.ClosedOtherStopped) || members.Contains(Figure.ClosedOtherHandedOver))
            {
                var key = (d.Closure!.Value, d.ClosingTimeliness!.Value);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        EndedFigures Of(Closure closure)
        {
            var (early, onTime, overdue) = (
                counts.GetValueOrDefault((closure, Timeliness.Early)),
                counts.GetValueOrDefault((closure, Timeliness.OnTime)),
                counts.GetValueOrDefault((closure, Timeliness.Overdue)));
            return new EndedFigures(early + onTime + overdue, early, onTime, overdue);
        }

        return new(Of(Closure.Withdrawn), Of(Closure.Stopped), Of(Closure.HandedOver));
    }

    private static EndedFigures Split(long total, long early, long overdue) => new(total, early, total - early - overdue, overdue);
}

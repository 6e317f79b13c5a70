using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Api.Audit;

/// <summary>
/// A period report as the ledger knew it at an instant: every dossier is folded again from the events
/// recorded by then (not from the projections), and its contributions summed into the two cumulative
/// counter vectors the report arithmetic takes. It reads the unit's whole log, so it is an auditor's
/// tool, not the everyday report. Grouped within segments of units (<see cref="UnitSegments"/>) as the counters' query
/// groups them, for the official Biểu 06's levels.
/// </summary>
public sealed class KnownReportQuery(DossierLogReader fold)
{
    public async Task<PeriodResult> RunAsync(
        IReadOnlySet<string>? units, LocalDate from, LocalDate to, ReportGrouping grouping, Instant knownAt, DateTimeZone zone,
        CancellationToken cancellation, UnitSegments? segments = null)
    {
        var groups = new Dictionary<(string?, string?, int?), (ReportCounters Before, ReportCounters Through)>();
        await foreach (var dossier in fold.DossiersAsync(units, knownAt, cancellation))
        {
            if (DossierFacts.Of(dossier, zone) is not [var facts, ..] parts)
            {
                continue;
            }

            var segment = segments is null ? (int?)null : segments.SegmentOf.GetValueOrDefault(facts.UnitCode, segments.Other);
            var key = grouping switch
            {
                ReportGrouping.Field => (facts.FieldCode, (string?)null, segment),
                ReportGrouping.Procedure => (facts.FieldCode, facts.ProcedureCode, segment),
                _ => ((string?)null, (string?)null, segment),
            };
            var (before, through) = groups.GetValueOrDefault(key, (ReportCounters.Zero, ReportCounters.Zero));
            foreach (var (day, counter, sign) in DossierFacts.ContributionsWithin(parts, unit => units is null || units.Contains(unit)))
            {
                if (day < from)
                {
                    before += ReportCounters.Unit(counter, sign);
                }

                if (day <= to)
                {
                    through += ReportCounters.Unit(counter, sign);
                }
            }

            groups[key] = (before, through);
        }

        var all = groups
            .Select(g => new GroupFigures(g.Key.Item1, g.Key.Item2, g.Value.Before, g.Value.Through) { Segment = g.Key.Item3 })
            .OrderBy(g => g.Segment)
            .ThenBy(g => g.FieldCode, StringComparer.Ordinal)
            .ThenBy(g => g.ProcedureCode, StringComparer.Ordinal)
            .ToList();
        return new PeriodResult(GroupFigures.Sum(null, null, all), grouping == ReportGrouping.None ? [] : all);
    }
}

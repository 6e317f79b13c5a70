using DossierLedger.Api.Audit;
using DossierLedger.Api.Http;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

public sealed record RatesView(double? OnTime, double? Online);

public sealed record RatiosView(Ratio OnTime, Ratio Online);

/// <summary>One row of a grouped report: a field (lĩnh vực) or a procedure, with its figures.</summary>
public sealed record ReportGroupView(
    string? FieldCode, string? FieldName, string? ProcedureCode, string? ProcedureName,
    ReceivedFigures Received, ResolvedFigures Resolved, ClosedOtherFigures ClosedOther, PendingFigures Pending, RatesView Rates,
    QualityFigures Quality);

/// <summary>The period report (Biểu 06 figures) as the HTTP contract shows it.</summary>
public sealed record PeriodReportView(
    string From, string To, string? Unit,
    ReceivedFigures Received, ResolvedFigures Resolved, ClosedOtherFigures ClosedOther, PendingFigures Pending,
    RatesView Rates, RatiosView Ratios, QualityFigures Quality, IndicatorScores Scores, string GroupBy,
    IReadOnlyList<ReportGroupView>? Groups)
{
    /// <summary>The named period the range came from (<c>2025-Q1</c>), when one was asked for.</summary>
    public string? Period { get; init; }

    /// <summary><c>calendar</c> or <c>admin</c> (15th-to-14th), with <see cref="Period"/>.</summary>
    public string? Window { get; init; }

    /// <summary>
    /// With a unit: every unit whose dossiers the figures count — the unit, the units under it during the range and
    /// the units merged into it, by the administrative-unit registry.
    /// </summary>
    public IReadOnlyList<string>? CoveredUnits { get; init; }

    /// <summary>When asked as known at an instant: that instant; the figures come from the events recorded by then.</summary>
    public OffsetDateTime? AsKnownAt { get; init; }

    /// <summary>The totals as a row of the table (no field, no procedure).</summary>
    public ReportGroupView ToTotalRow() => new(null, null, null, null, Received, Resolved, ClosedOther, Pending, Rates, Quality);
}

public static class PeriodReportEndpoint
{
    /// <summary>
    /// <c>GET /api/reports/period?from&amp;to&amp;unit&amp;groupBy</c>: the figures of <c>[from, to]</c>
    /// (inclusive local dates) for a unit, or for every unit when none is given. Instead of <c>from</c> and
    /// <c>to</c>, a named <c>period</c> (<c>2025</c>, <c>2025-H1</c>, <c>2025-Q1</c>, <c>2025-03</c>) with an
    /// optional <c>window</c> (<c>calendar</c>, the default, or <c>admin</c> for the 15th-to-14th convention).
    /// </summary>
    [ProducesResponseType<PeriodReportView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/period")]
    public static async Task<IResult> Get(
        string? from, string? to, string? period, string? window, string? unit, string? groupBy, string? asKnownAt,
        PeriodReportQuery query, KnownReportQuery known, UnitDirectory units, ProcedureCatalogue catalogue, IndicatorTargets targets,
        DossierDecider decider, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var unitCode = errors.Code("unit", unit, required: false);
        var grouping = errors.Choice<ReportGrouping>("groupBy", groupBy, required: false) ?? ReportGrouping.None;
        var knownAt = errors.Instant("asKnownAt", asKnownAt);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        // Old reports stay reproducible: as known at an instant, the registry too is the one recorded by then.
        var covered = await units.CoverageAsync(unitCode, range!.From, range.To, knownAt, cancellation);
        if (knownAt is { } instant)
        {
            var zone = decider.Calendar.Zone;
            var result = await known.RunAsync(covered, range.From, range.To, grouping, instant, zone, cancellation);
            return Results.Ok(Compose(result, catalogue, targets, unitCode, covered, range.From, range.To, grouping) with
            {
                Period = range.Period,
                Window = range.Window,
                AsKnownAt = instant.InZone(zone).ToOffsetDateTime(),
            });
        }

        var report = await BuildAsync(query, catalogue, targets, unitCode, covered, range.From, range.To, grouping, cancellation);
        return Results.Ok(report with { Period = range.Period, Window = range.Window });
    }

    public static async Task<PeriodReportView> BuildAsync(
        PeriodReportQuery query, ProcedureCatalogue catalogue, IndicatorTargets targets, string? unit, IReadOnlySet<string>? covered,
        LocalDate from, LocalDate to, ReportGrouping grouping, CancellationToken cancellation)
    {
        var result = await query.RunAsync(covered, from, to, grouping, cancellation);
        return Compose(result, catalogue, targets, unit, covered, from, to, grouping);
    }

    /// <summary>The report's shape from computed groups, whichever source (counters or events) they came from.</summary>
    public static PeriodReportView Compose(
        PeriodResult result, ProcedureCatalogue catalogue, IndicatorTargets targets, string? unit, IReadOnlySet<string>? covered,
        LocalDate from, LocalDate to, ReportGrouping grouping)
    {
        var total = result.Total.Figures;
        var quality = result.Total.Quality;
        return new PeriodReportView(
            LocalDatePattern.Iso.Format(from), LocalDatePattern.Iso.Format(to), unit,
            total.Received, total.Resolved, total.ClosedOther, total.Pending, Rates(total), new RatiosView(total.OnTimeRate, total.OnlineRate),
            quality, targets.Score(quality),
            grouping.ToString().ToLowerInvariant(),
            grouping == ReportGrouping.None ? null : [.. result.Groups.Select(g => Row(g, catalogue))])
        {
            CoveredUnits = covered?.Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>A group as a row of the table, named from the catalogue.</summary>
    public static ReportGroupView Row(GroupFigures group, ProcedureCatalogue catalogue)
    {
        var figures = group.Figures;
        return new ReportGroupView(
            group.FieldCode, group.FieldCode is null ? null : catalogue.Fields.GetValueOrDefault(group.FieldCode),
            group.ProcedureCode, group.ProcedureCode is null ? null : catalogue.Find(group.ProcedureCode)?.Name,
            figures.Received, figures.Resolved, figures.ClosedOther, figures.Pending, Rates(figures), group.Quality);
    }

    private static RatesView Rates(PeriodFigures figures) => new(figures.OnTimeRate.Value, figures.OnlineRate.Value);
}

using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
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
}

public static class PeriodReportEndpoint
{
    /// <summary>The longest range a single report may span.</summary>
    private static readonly Period MaxRange = Period.FromYears(50);

    private static readonly IReadOnlyDictionary<string, ReportingWindow> Windows = new Dictionary<string, ReportingWindow>
    {
        ["calendar"] = ReportingWindow.Calendar,
        ["admin"] = ReportingWindow.Admin,
    };

    private static readonly IReadOnlyDictionary<string, ReportGrouping> Groupings = new Dictionary<string, ReportGrouping>
    {
        ["none"] = ReportGrouping.None,
        ["field"] = ReportGrouping.Field,
        ["procedure"] = ReportGrouping.Procedure,
    };

    /// <summary>
    /// <c>GET /api/reports/period?from&amp;to&amp;unit&amp;groupBy</c>: the figures of <c>[from, to]</c>
    /// (inclusive local dates) for a unit, or for every unit when none is given. Instead of <c>from</c> and
    /// <c>to</c>, a named <c>period</c> (<c>2025</c>, <c>2025-H1</c>, <c>2025-Q1</c>, <c>2025-03</c>) with an
    /// optional <c>window</c> (<c>calendar</c>, the default, or <c>admin</c> for the 15th-to-14th convention).
    /// </summary>
    [WolverineGet("/api/reports/period")]
    public static async Task<IResult> Get(
        string? from, string? to, string? period, string? window, string? unit, string? groupBy, PeriodReportQuery query,
        ProcedureCatalogue catalogue, IndicatorTargets targets, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        LocalDate? first, last;
        var reportingWindow = errors.Choice("window", window, Windows, required: false) ?? ReportingWindow.Calendar;
        if (period is not null)
        {
            if (from is not null || to is not null)
            {
                errors.Add("period", "give either a named period or from and to, not both.");
            }

            var range = ReportingPeriod.Resolve(period, reportingWindow);
            if (range is null)
            {
                errors.Add("period", "must name a year (2025), half (2025-H1), quarter (2025-Q1) or month (2025-03).");
            }

            (first, last) = (range?.Start, range?.End);
        }
        else
        {
            first = errors.Date("from", from, required: true);
            last = errors.Date("to", to, required: true);
        }

        var unitCode = errors.Optional("unit", unit, 32);
        var grouping = errors.Choice("groupBy", groupBy, Groupings, required: false) ?? ReportGrouping.None;
        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                errors.Add("to", "must not be before 'from'.");
            }
            else if (f + MaxRange < l)
            {
                errors.Add("to", "a report spans at most 50 years.");
            }
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var report = await BuildAsync(query, catalogue, targets, unitCode, first!.Value, last!.Value, grouping, cancellation);
        return Results.Ok(period is null ? report : report with { Period = period.Trim().ToUpperInvariant(), Window = reportingWindow.ToString().ToLowerInvariant() });
    }

    public static async Task<PeriodReportView> BuildAsync(
        PeriodReportQuery query, ProcedureCatalogue catalogue, IndicatorTargets targets, string? unit, LocalDate from, LocalDate to,
        ReportGrouping grouping, CancellationToken cancellation)
    {
        var (all, groups) = await query.RunAsync(unit, from, to, grouping, cancellation);
        var total = all.Figures;
        var fieldNames = catalogue.All.GroupBy(p => p.FieldCode).ToDictionary(g => g.Key, g => g.First().FieldName, StringComparer.Ordinal);
        return new PeriodReportView(
            LocalDatePattern.Iso.Format(from), LocalDatePattern.Iso.Format(to), unit,
            total.Received, total.Resolved, total.ClosedOther, total.Pending, Rates(total), new RatiosView(total.OnTimeRate, total.OnlineRate),
            all.Quality, targets.Score(all.Quality),
            grouping.ToString().ToLowerInvariant(),
            grouping == ReportGrouping.None
                ? null
                : [.. groups.Select(g => new ReportGroupView(
                    g.FieldCode, g.FieldCode is null ? null : fieldNames.GetValueOrDefault(g.FieldCode),
                    g.ProcedureCode, g.ProcedureCode is null ? null : catalogue.Find(g.ProcedureCode)?.Name,
                    g.Figures.Received, g.Figures.Resolved, g.Figures.ClosedOther, g.Figures.Pending, Rates(g.Figures), g.Quality))]);
    }

    private static RatesView Rates(PeriodFigures figures) => new(figures.OnTimeRate.Value, figures.OnlineRate.Value);
}

using DossierLedger.Api.Http;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Procedures;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

/// <summary>A field (lĩnh vực) row of Biểu 06 with the rows of its procedures under it.</summary>
public sealed record Bieu06FieldRow(ReportGroupView Field, IReadOnlyList<ReportGroupView> Procedures);

/// <summary>Biểu 06 (tình hình, kết quả giải quyết TTHC) as the official table lays it out: fields, their procedures, a total row.</summary>
public sealed record Bieu06View(
    string From, string To, string? Unit, string? Period, string? Window, IReadOnlyList<Bieu06FieldRow> Fields, ReportGroupView Total)
{
    /// <summary>With a unit: every unit whose dossiers the table counts (see the period report).</summary>
    public IReadOnlyList<string>? CoveredUnits { get; init; }
}

public static class Bieu06Endpoint
{
    /// <summary><c>GET /api/reports/bieu06</c>: the same range parameters as the period report, laid out as the table.</summary>
    [ProducesResponseType<Bieu06View>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/bieu06")]
    public static async Task<IResult> Get(
        string? from, string? to, string? period, string? window, string? unit, PeriodReportQuery query, UnitDirectory units,
        ProcedureCatalogue catalogue, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var unitCode = errors.Code("unit", unit, required: false);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        // One read by procedure; the field rows and the total are sums of its counters.
        var covered = await units.CoverageAsync(unitCode, range!.From, range.To, null, cancellation);
        var result = await query.RunAsync(covered, range.From, range.To, ReportGrouping.Procedure, cancellation);
        var fields = result.Groups
            .GroupBy(g => g.FieldCode, StringComparer.Ordinal)
            .Select(field => new Bieu06FieldRow(
                PeriodReportEndpoint.Row(GroupFigures.Sum(field.Key, null, field), catalogue),
                [.. field.Select(procedure => PeriodReportEndpoint.Row(procedure, catalogue))]));
        return Results.Ok(new Bieu06View(
            LocalDatePattern.Iso.Format(range.From), LocalDatePattern.Iso.Format(range.To), unitCode, range.Period, range.Window,
            [.. fields], PeriodReportEndpoint.Row(result.Total, catalogue))
        {
            CoveredUnits = covered?.Order(StringComparer.Ordinal).ToList(),
        });
    }
}

using DossierLedger.Api.Hosting;
using DossierLedger.Api.Http;
using DossierLedger.Api.Reports.Files;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

/// <summary>A field (lĩnh vực) row of Biểu 06 with the rows of its procedures under it.</summary>
public sealed record Bieu06FieldRow(ReportGroupView Field, IReadOnlyList<ReportGroupView> Procedures);

/// <summary>A data column of the official table (<see cref="OfficialBieu06.Columns"/>).</summary>
public sealed record OfficialColumnView(int Number, string Group, string? SubGroup, string Label, string Key);

/// <summary>A row of the official table: its cells in the order of the columns.</summary>
public sealed record OfficialProcedureRow(string ProcedureCode, string? ProcedureName, IReadOnlyList<long> Cells);

public sealed record OfficialFieldRow(string FieldCode, string? FieldName, IReadOnlyList<long> Cells, IReadOnlyList<OfficialProcedureRow> Procedures);

/// <summary>The rows of the units of one level (<see cref="Bieu06Level"/>): the level's own sums, then its fields.</summary>
public sealed record OfficialLevelRow(string Level, string Name, IReadOnlyList<long> Cells, IReadOnlyList<OfficialFieldRow> Fields);

public sealed record OfficialTotalRow(IReadOnlyList<long> Cells);

/// <summary>
/// The table as Biểu số 06/VPCP/KSTT lays it out: its header, its numbered columns, rows level → field → procedure and a
/// total, with withdrawn and stopped dossiers counted as resolved by <see cref="Folding"/> (the form has no columns for them).
/// </summary>
public sealed record OfficialBieu06View(
    string Form, string Title, string UnitOfMeasure, string? UnitCode, string? UnitName, string Folding, string RowHeader,
    IReadOnlyList<OfficialColumnView> Columns, IReadOnlyList<OfficialLevelRow> Levels, OfficialTotalRow Total);

/// <summary>Biểu 06 (tình hình, kết quả giải quyết TTHC): the ledger's figures by field and procedure, and the official table.</summary>
public sealed record Bieu06View(
    string From, string To, string? Unit, string? Period, string? Window, IReadOnlyList<Bieu06FieldRow> Fields, ReportGroupView Total,
    OfficialBieu06View Official)
{
    /// <summary>With a unit: every unit whose dossiers the table counts (see the period report).</summary>
    public IReadOnlyList<string>? CoveredUnits { get; init; }
}

/// <summary>How the official Biểu 06 folds withdrawn and stopped dossiers unless a request says otherwise (<c>Reports:Bieu06:Folding</c>).</summary>
public sealed record Bieu06Settings(Bieu06Folding Folding)
{
    public static Bieu06Settings From(IConfiguration configuration)
    {
        var name = configuration["Reports:Bieu06:Folding"]?.Trim() ?? OfficialBieu06.NameOf(Bieu06Folding.Peer);
        return OfficialBieu06.Foldings.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } known
            ? new Bieu06Settings(known.Value)
            : throw new StartupRefusedException(
                $"Reports:Bieu06:Folding: '{name}' is not a folding policy; use one of {string.Join(", ", OfficialBieu06.Foldings.Keys)}.");
    }
}

public static class Bieu06Endpoint
{
    /// <summary>
    /// <c>GET /api/reports/bieu06</c>: the same range parameters as the period report, laid out as the table, with the
    /// official Biểu số 06/VPCP/KSTT under <c>official</c>; <c>folding</c> (<c>peer</c>, <c>as-on-time</c>) says how it
    /// counts withdrawn and stopped dossiers (default: <c>Reports:Bieu06:Folding</c>). <c>format=xlsx</c> or <c>csv</c>
    /// (or an <c>Accept</c> of their media types) answers the official table as a file.
    /// </summary>
    [ProducesResponseType<Bieu06View>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/bieu06")]
    public static async Task<IResult> Get(
        string? from, string? to, string? period, string? window, string? unit, string? folding, string? format, PeriodReportQuery query, UnitDirectory units,
        ProcedureCatalogue catalogue, Bieu06Settings settings, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var unitCode = errors.Code("unit", unit, required: false);
        var policy = errors.Choice("folding", folding, OfficialBieu06.Foldings, required: false) ?? settings.Folding;
        var answer = ReportFiles.Read(errors, format, http, ReportFormat.Json, ReportFormat.Xlsx, ReportFormat.Csv);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        var table = await BuildAsync(query, units, catalogue, unitCode, range!, policy, cancellation);
        return answer == ReportFormat.Json
            ? Results.Ok(table)
            : ReportFiles.Answer(Bieu06Sheet.Of(table), answer!.Value, $"bieu06-{ReportFiles.NamePart(unitCode, range!)}", cancellation);
    }

    /// <summary>
    /// The table for <paramref name="unitCode"/> (every unit when null) over <paramref name="range"/>. One read, by level,
    /// field and procedure: every other row is a sum of its counters, and the ledger's rows by field sum over the levels.
    /// </summary>
    public static async Task<Bieu06View> BuildAsync(
        PeriodReportQuery query, UnitDirectory units, ProcedureCatalogue catalogue, string? unitCode, ReportRange range, Bieu06Folding folding,
        CancellationToken cancellation)
    {
        var registry = await units.CurrentAsync(cancellation);
        var covered = unitCode is null ? null : registry.Coverage(unitCode, range.From, range.To);
        var result = await query.RunAsync(covered, range.From, range.To, ReportGrouping.Procedure, LevelsOf(registry, covered), cancellation);
        return Compose(result, registry, catalogue, unitCode, covered, range, folding);
    }

    /// <summary>
    /// Each unit's rows sit under its level (<see cref="Bieu06Level.Order"/>); over every unit, the registry's units are
    /// placed and the rest are unregistered.
    /// </summary>
    public static UnitSegments LevelsOf(UnitRegistry registry, IReadOnlySet<string>? covered) => new(
        (covered ?? registry.Units.Keys).ToDictionary(code => code, code => OfficialBieu06.LevelOf(registry.Find(code)).Order, StringComparer.Ordinal),
        Bieu06Level.Unregistered.Order);

    /// <summary>The columns of the official table, as the answers give them.</summary>
    public static IReadOnlyList<OfficialColumnView> OfficialColumns { get; } =
        [.. OfficialBieu06.Columns.Select(c => new OfficialColumnView(c.Number, c.Group, c.SubGroup, c.Label, c.Key))];

    /// <summary>The table from figures grouped by procedure within the units' levels (<see cref="LevelsOf"/>), whichever source (counters or events) they came from.</summary>
    public static Bieu06View Compose(
        PeriodResult result, UnitRegistry registry, ProcedureCatalogue catalogue, string? unitCode, IReadOnlySet<string>? covered, ReportRange range,
        Bieu06Folding folding)
    {
        var byProcedure = result.Groups
            .GroupBy(g => (g.FieldCode, g.ProcedureCode))
            .Select(g => GroupFigures.Sum(g.Key.FieldCode, g.Key.ProcedureCode, g))
            .OrderBy(g => g.FieldCode, StringComparer.Ordinal)
            .ThenBy(g => g.ProcedureCode, StringComparer.Ordinal);
        var fields = byProcedure
            .GroupBy(g => g.FieldCode, StringComparer.Ordinal)
            .Select(field => new Bieu06FieldRow(
                PeriodReportEndpoint.Row(GroupFigures.Sum(field.Key, null, field), catalogue),
                [.. field.Select(procedure => PeriodReportEndpoint.Row(procedure, catalogue))]));

        IReadOnlyList<long> Cells(GroupFigures group) => group.Official(folding).Cells;
        var levels = result.Groups
            .GroupBy(g => Bieu06Level.All.Single(l => l.Order == g.Segment))
            .OrderBy(level => level.Key.Order)
            .Select(level => new OfficialLevelRow(level.Key.Code, level.Key.Name, Cells(GroupFigures.Sum(null, null, level)),
            [
                .. level.GroupBy(g => g.FieldCode!, StringComparer.Ordinal).Select(field => new OfficialFieldRow(
                    field.Key, catalogue.Fields.GetValueOrDefault(field.Key), Cells(GroupFigures.Sum(field.Key, null, field)),
                    [.. field.Select(p => new OfficialProcedureRow(p.ProcedureCode!, catalogue.Find(p.ProcedureCode!)?.Name, Cells(p)))])),
            ]));
        var official = new OfficialBieu06View(
            OfficialBieu06.Form, OfficialBieu06.Title, OfficialBieu06.UnitOfMeasure,
            unitCode, unitCode is null ? null : registry.Find(unitCode)?.Name ?? unitCode,
            OfficialBieu06.NameOf(folding), OfficialBieu06.RowHeader, OfficialColumns, [.. levels], new OfficialTotalRow(Cells(result.Total)));

        return new Bieu06View(
            LocalDatePattern.Iso.Format(range.From), LocalDatePattern.Iso.Format(range.To), unitCode, range.Period, range.Window,
            [.. fields], PeriodReportEndpoint.Row(result.Total, catalogue), official)
        {
            CoveredUnits = covered?.Order(StringComparer.Ordinal).ToList(),
        };
    }
}

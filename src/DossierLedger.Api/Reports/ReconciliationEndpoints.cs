using System.Security.Cryptography;
using System.Text.Json;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Http;
using DossierLedger.Api.Reports.Files;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reconciliation;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace DossierLedger.Api.Reports;

/// <summary>A figure as typed; <see cref="Row"/> names a row of the official table for an <c>official.N</c> cell (<see cref="OfficialRows"/>).</summary>
public sealed record TypedFigureRequest(string? Figure, decimal? Value, string? Where, string? Row = null);

/// <summary>A hand-typed report to reconcile: the unit and dates it covers (as the period report takes them), its figures, and the folding of its official cells.</summary>
public sealed record ReconciliationRequest(
    string? Unit, string? From, string? To, string? Period, string? Window, IReadOnlyList<TypedFigureRequest>? Figures, string? Folding = null);

/// <summary>Where the dossiers behind the ledger's figure are listed, how many they are, and their receipt numbers when the difference is small.</summary>
public sealed record DossiersBehindView(string List, long Count, IReadOnlyList<string?>? ReceiptNos);

/// <summary>A typed figure beside the ledger's (<see cref="FigureComparison"/>), with the dossiers behind the ledger's figure when they explain a difference.</summary>
public sealed record ComparedFigureView(
    string Figure, string? Where, decimal Typed, decimal? Ledger, decimal? Difference, bool? Agrees, string? Row, DossiersBehindView? Dossiers)
{
    public static ComparedFigureView Of(FigureComparison c, DossiersBehindView? dossiers) =>
        new(c.Figure, c.Where, c.Typed, c.Ledger, c.Difference, c.Agrees, c.Row, dossiers);
}

/// <summary>A submission beside the ledger: each figure compared, and the identities the typed report breaks by itself.</summary>
public sealed record ReconciliationView(
    Guid Id, string? Unit, string From, string To, string SubmittedBy, OffsetDateTime SubmittedAt, string Hash,
    IReadOnlyList<ComparedFigureView> Figures, IReadOnlyList<BrokenIdentity> BrokenIdentities, OffsetDateTime AsKnownAt)
{
    /// <summary>How the official cells were counted (<c>peer</c>, <c>as-on-time</c>).</summary>
    public string? Folding { get; init; }

    /// <summary>The Biểu 06 file the figures were read from; null when they were sent as JSON.</summary>
    public SubmittedFile? File { get; init; }
}

/// <summary>
/// Reconciliation of hand-typed reports (đối chiếu báo cáo nhập tay): a report builder submits the figures as typed — as
/// JSON, or as the ledger's own Biểu 06 file filled in by hand (<see cref="Bieu06SheetReader"/>); the answer puts each
/// beside the ledger's (a figure is named by its JSON path in the period report, or <c>official.N</c> in a row of the
/// official table), lists the identities the typed report breaks by itself (<see cref="TypedReport"/>), and points at
/// the dossiers behind each figure that differs. Each submission is kept as an event.
/// </summary>
public static class ReconciliationEndpoints
{
    private const int MaxFigures = 2_000;

    private const string CsvMediaType = "text/csv";

    /// <summary>The query parameters of an uploaded file, which a JSON body gives in itself.</summary>
    private static readonly string[] FileParameters = ["unit", "from", "to", "period", "window", "folding", "name"];

    /// <summary>
    /// <c>POST /api/reports/reconciliations</c>: keeps the submission and answers how it compares now. A JSON body names
    /// the unit, the range and the figures; a Biểu 06 file (<c>text/csv</c> or the XLSX media type) is the body itself,
    /// with <c>unit</c>, <c>from</c> / <c>to</c> or <c>period</c> / <c>window</c>, <c>folding</c> and <c>name</c> in the query.
    /// </summary>
    [ProducesResponseType<ReconciliationView>(StatusCodes.Status201Created)]
    [Consumes(typeof(ReconciliationRequest), "application/json", CsvMediaType, XlsxSheetWriter.ContentType)]
    [WolverinePost("/api/reports/reconciliations")]
    public static async Task<IResult> Submit(
        string? unit, string? from, string? to, string? period, string? window, string? folding, string? name,
        IDocumentSession session, IDocumentStore store, PeriodReportQuery query, UnitDirectory units, ProcedureCatalogue catalogue,
        IndicatorTargets targets, Bieu06Settings settings, IOptions<JsonOptions> json, DossierDecider decider, IClock clock, HttpContext http,
        CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var format = FormatOf(http.Request.ContentType);
        ReconciliationRequest? request = null;
        if (format == "json")
        {
            foreach (var parameter in FileParameters.Where(http.Request.Query.ContainsKey))
            {
                errors.Add(parameter, "belongs in the JSON body (query parameters name the unit and range of an uploaded file).");
            }

            request = await JsonSerializer.DeserializeAsync<ReconciliationRequest>(http.Request.Body, json.Value.SerializerOptions, cancellation);
            (unit, from, to, period, window, folding) = (request?.Unit, request?.From, request?.To, request?.Period, request?.Window, request?.Folding);
        }
        else if (format is null)
        {
            errors.Add("Content-Type", $"must be application/json (the figures), {CsvMediaType} or {XlsxSheetWriter.ContentType} (a Biểu 06 file).");
        }

        var range = ReportRange.Read(errors, from, to, period, window);
        var unitCode = errors.Code("unit", unit, required: false);
        var policy = errors.Choice("folding", folding, OfficialBieu06.Foldings, required: false) ?? settings.Folding;
        var fileName = format is "json" or null ? null : errors.Optional("name", name, 200);
        IReadOnlyList<TypedFigure>? figures = format == "json" ? Figures(errors, request?.Figures) : null;
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var actor = RequestActor.Of(http);
        if (actor.CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        SubmittedFile? file = null;
        if (format is "csv" or "xlsx")
        {
            (figures, file) = await ReadFileAsync(http, format, fileName, catalogue, errors, cancellation);
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = clock.GetCurrentInstant();
        var id = Guid.CreateVersion7();
        var submitted = new TypedReportSubmitted(
            id, unitCode, range!.From, range.To, figures!, actor.User, now, Hash(unitCode, range.From, range.To, figures!, json.Value.SerializerOptions),
            OfficialBieu06.NameOf(policy), file);
        actor.Stamp(session);
        session.Events.StartStream(id, submitted);
        await session.SaveChangesAsync(cancellation);

        var registry = await units.CurrentAsync(cancellation);
        var covered = unitCode is null ? null : registry.Coverage(unitCode, range.From, range.To);
        var result = await query.RunAsync(covered, range.From, range.To, ReportGrouping.Procedure, Bieu06Endpoint.LevelsOf(registry, covered), cancellation);
        var compared = Compare(submitted, result, registry, covered, catalogue, targets, policy, json.Value.SerializerOptions);
        var view = View(submitted, compared, now, decider.Calendar.Zone, await ExplainAsync(store, compared, submitted, covered, policy, cancellation));
        return Results.Created($"/api/reports/reconciliations/{id}", view);
    }

    /// <summary>The figures of an uploaded Biểu 06 and what is kept of the file; null figures with the problems in <paramref name="errors"/>.</summary>
    private static async Task<(IReadOnlyList<TypedFigure>? Figures, SubmittedFile File)> ReadFileAsync(
        HttpContext http, string format, string? fileName, ProcedureCatalogue catalogue, InputErrors errors, CancellationToken cancellation)
    {
        // Read whole: the host's body limit (Http:MaxRequestBodyBytes) bounds it, and a workbook is a ZIP read from its end.
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellation);
        var bytes = buffer.ToArray();
        var figures = format == "csv" ? Bieu06SheetReader.ReadCsv(bytes, catalogue, errors) : Bieu06SheetReader.ReadXlsx(bytes, catalogue, errors);
        if (figures?.Count > MaxFigures)
        {
            errors.Add("file", $"holds {figures.Count:N0} figures; a submission holds at most {MaxFigures:N0}.");
        }

        return (figures, new SubmittedFile(format, fileName, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }

    /// <summary>
    /// <c>GET /api/reports/reconciliations/{id}</c>: a kept submission, compared with the ledger as it was known when it
    /// was submitted (the events recorded by then), so the comparison reads as it did.
    /// </summary>
    [ProducesResponseType<ReconciliationView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/reconciliations/{id}")]
    public static async Task<IResult> Get(
        Guid id, IQuerySession session, KnownReportQuery known, UnitDirectory units, ProcedureCatalogue catalogue, IndicatorTargets targets,
        Bieu06Settings settings, IOptions<JsonOptions> json, DossierDecider decider, HttpContext http, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchStreamAsync(id, token: cancellation);
        if (stream is not [{ Data: TypedReportSubmitted submitted } recorded, ..])
        {
            return Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Submission not found.", $"No reconciliation has id {id}.", "not-found"));
        }

        if (RequestActor.Of(http).CheckRead(submitted.UnitCode) is { } denied)
        {
            return denied;
        }

        var knownAt = Instant.FromDateTimeOffset(recorded.Timestamp);
        var zone = decider.Calendar.Zone;
        var registry = await units.KnownAtAsync(knownAt, cancellation);
        var covered = submitted.UnitCode is null ? null : registry.Coverage(submitted.UnitCode, submitted.From, submitted.To);
        var result = await known.RunAsync(
            covered, submitted.From, submitted.To, ReportGrouping.Procedure, knownAt, zone, cancellation, Bieu06Endpoint.LevelsOf(registry, covered));
        // Submissions kept before the folding was recorded named no official cell the ledger then computed.
        var policy = submitted.Folding is { } name ? OfficialBieu06.Foldings[name] : settings.Folding;
        var compared = Compare(submitted, result, registry, covered, catalogue, targets, policy, json.Value.SerializerOptions);
        return Results.Ok(View(submitted, compared, knownAt, zone, [.. compared.Select(c => ComparedFigureView.Of(c, null))]));
    }

    private static List<TypedFigure> Figures(InputErrors errors, IReadOnlyList<TypedFigureRequest>? figures)
    {
        if (figures is null || figures.Count is 0 or > MaxFigures)
        {
            errors.Add("figures", $"must list 1 to {MaxFigures:N0} typed figures.");
            return [];
        }

        var typed = new List<TypedFigure>();
        for (var i = 0; i < figures.Count; i++)
        {
            var name = errors.Required($"figures[{i}].figure", figures[i]?.Figure, 100);
            var where = errors.Optional($"figures[{i}].where", figures[i]?.Where, 200);
            var row = Row(errors, $"figures[{i}].row", figures[i]?.Row);
            if (figures[i]?.Value is not { } value || value < 0)
            {
                errors.Add($"figures[{i}].value", "must be a number of at least 0, as typed (a rate in percent).");
            }
            else if (name is not null)
            {
                typed.Add(new TypedFigure(name, value, where, row));
            }
        }

        return typed;
    }

    /// <summary>A row of the official table: up to three codes, level/field/procedure (<see cref="OfficialRows"/>); null for the total.</summary>
    private static string? Row(InputErrors errors, string field, string? row)
    {
        if (errors.Optional(field, row, 100) is not { } path)
        {
            return null;
        }

        var codes = path.Split(OfficialRows.Separator);
        if (codes.Length > 3 || codes.Any(c => c.Length == 0 || !c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.')))
        {
            errors.Add(field, "must name a row of the official table as level/field/procedure codes (commune, commune/BTXH, commune/BTXH/1.004873).");
            return null;
        }

        return path;
    }

    /// <summary>The body's format by its media type: json (also with none), csv, xlsx; null for any other.</summary>
    private static string? FormatOf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "json";
        }

        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        var type = media.MediaType.Value ?? "";
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ? "json"
            : type.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase) ? "csv"
            : type.Equals(XlsxSheetWriter.ContentType, StringComparison.OrdinalIgnoreCase) ? "xlsx"
            : null;
    }

    /// <summary>
    /// SHA-256 of the submission's canonical JSON (the web defaults, in the order submitted): the unit, the dates, and each
    /// figure's name, value and where, with its row when it has one. A file's own bytes have their hash in <see cref="SubmittedFile"/>.
    /// </summary>
    private static string Hash(string? unit, LocalDate from, LocalDate to, IReadOnlyList<TypedFigure> figures, JsonSerializerOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new
        {
            unit,
            from = LocalDatePattern.Iso.Format(from),
            to = LocalDatePattern.Iso.Format(to),
            // A figure without a row hashes as it did before rows were typed, so earlier hashes still check.
            figures = figures.Select(f => f.Row is null
                ? (object)new { figure = f.Figure, value = f.Value, where = f.Where }
                : new { figure = f.Figure, value = f.Value, where = f.Where, row = f.Row }),
        }, options)));

    /// <summary>
    /// Each typed figure beside the ledger's, from figures grouped by procedure within the units' levels: a path of the
    /// period report, or an official cell in its row (0 in a row the ledger's table does not have: no dossier counts there).
    /// </summary>
    private static IReadOnlyList<FigureComparison> Compare(
        TypedReportSubmitted submitted, PeriodResult result, UnitRegistry registry, IReadOnlySet<string>? covered, ProcedureCatalogue catalogue,
        IndicatorTargets targets, Bieu06Folding folding, JsonSerializerOptions options)
    {
        var report = JsonSerializer.SerializeToElement(PeriodReportEndpoint.Compose(
            result, catalogue, targets, submitted.UnitCode, covered, submitted.From, submitted.To, ReportGrouping.None), options);
        var official = Bieu06Endpoint.Compose(
            result, registry, catalogue, submitted.UnitCode, covered, new ReportRange(submitted.From, submitted.To, null, null), folding).Official;
        var rows = new Dictionary<string, IReadOnlyList<long>> { [""] = official.Total.Cells };
        foreach (var level in official.Levels)
        {
            rows[level.Level] = level.Cells;
            foreach (var field in level.Fields)
            {
                rows[OfficialRows.Child(level.Level, field.FieldCode)] = field.Cells;
                foreach (var procedure in field.Procedures)
                {
                    rows[OfficialRows.Child(OfficialRows.Child(level.Level, field.FieldCode), procedure.ProcedureCode)] = procedure.Cells;
                }
            }
        }

        decimal? Ledger(TypedFigure typed)
        {
            if (Domain.Reports.Figures.Find(typed.Figure) is { } figure && figure >= Figure.Official1 && figure <= Figure.Official11)
            {
                return rows.TryGetValue(typed.Row ?? "", out var cells) ? cells[figure - Figure.Official1] : 0;
            }

            return typed.Row is null ? ValueAt(report, typed.Figure) : null;
        }

        return TypedReport.Compare(submitted.Figures, Ledger);
    }

    /// <summary>
    /// The dossiers behind each figure that differs (<see cref="TypedReport.IsExplainedByDossiers"/>): the figure
    /// drill-down's list for it, its length, and the receipt numbers when the difference is small. The parts are read once
    /// for every figure.
    /// </summary>
    private static async Task<IReadOnlyList<ComparedFigureView>> ExplainAsync(
        IDocumentStore store, IReadOnlyList<FigureComparison> compared, TypedReportSubmitted submitted, IReadOnlySet<string>? covered,
        Bieu06Folding folding, CancellationToken cancellation)
    {
        // A field's or a procedure's row is narrowed by its codes alone, so only a table of one level explains them.
        var levels = submitted.Figures.Select(f => f.Row?.Split(OfficialRows.Separator)[0]).OfType<string>().Distinct().Count();
        var explained = compared.Select((c, i) => (Index: i, Figure: Domain.Reports.Figures.Find(c.Figure),
                Narrowing: c.Row is not null && levels > 1 ? null : OfficialRows.Narrowing(c.Row), Lists: TypedReport.ListsReceipts(c)))
            .Where(x => x.Narrowing is not null && TypedReport.IsExplainedByDossiers(compared[x.Index]))
            .ToList();
        // Each part is looked up by the figures it counts in and its field and procedure, not checked against every figure.
        var byKey = explained
            .GroupBy(x => (Figure: x.Figure!.Value, x.Narrowing!.Value.Field, x.Narrowing!.Value.Procedure))
            .ToDictionary(g => g.Key, g => g.ToList());
        var counts = new long[compared.Count];
        var members = compared.Select(_ => new List<Guid>()).ToArray();
        if (explained.Count > 0)
        {
            var range = new ReportRange(submitted.From, submitted.To, null, null);
            await foreach (var (id, facts, figures) in FigureDossiersEndpoint.PartsAsync(
                store, range, FigureMembership.AnyFigureWindow(range.From, range.To), covered, folding, null, null, null, cancellation))
            {
                foreach (var figure in figures.Members)
                {
                    foreach (var key in new[] { (figure, (string?)null, (string?)null), (figure, facts.FieldCode, null), (figure, null, facts.ProcedureCode) })
                    {
                        foreach (var (index, _, _, lists) in byKey.GetValueOrDefault(key) ?? [])
                        {
                            counts[index]++;
                            if (lists)
                            {
                                members[index].Add(id);
                            }
                        }
                    }
                }
            }
        }

        var receiptNos = await FigureDossiersEndpoint.ReceiptNumbersAsync(store, members.SelectMany(m => m), cancellation);
        var behind = explained.ToDictionary(x => x.Index, x =>
        {
            var (field, procedure) = x.Narrowing!.Value;
            return new DossiersBehindView(
                FigureDossiersEndpoint.ListPath(compared[x.Index].Figure, submitted.UnitCode, submitted.From, submitted.To, field, procedure, folding),
                counts[x.Index], x.Lists ? [.. members[x.Index].Select(id => receiptNos.GetValueOrDefault(id))] : null);
        });
        return [.. compared.Select((c, i) => ComparedFigureView.Of(c, behind.GetValueOrDefault(i)))];
    }

    private static ReconciliationView View(
        TypedReportSubmitted submitted, IReadOnlyList<FigureComparison> compared, Instant knownAt, DateTimeZone zone, IReadOnlyList<ComparedFigureView> figures) =>
        new(submitted.SubmissionId, submitted.UnitCode, LocalDatePattern.Iso.Format(submitted.From), LocalDatePattern.Iso.Format(submitted.To),
            submitted.SubmittedBy, submitted.SubmittedAt.InZone(zone).ToOffsetDateTime(), submitted.Hash,
            figures, TypedReport.Check(submitted.Figures), knownAt.InZone(zone).ToOffsetDateTime())
        {
            Folding = submitted.Folding,
            File = submitted.File,
        };

    /// <summary>The number at a JSON path of the period report (<c>received.online</c>), or null when there is none.</summary>
    private static decimal? ValueAt(JsonElement report, string path)
    {
        var at = report;
        foreach (var name in path.Split('.'))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(name, out at))
            {
                return null;
            }
        }

        return at.ValueKind == JsonValueKind.Number ? at.GetDecimal() : null;
    }
}

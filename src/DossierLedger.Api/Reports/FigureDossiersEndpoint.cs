using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using DossierLedger.Api.Http;
using DossierLedger.Api.Reports.Files;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

/// <summary>One part of a dossier behind a figure: the authority that held it and the facts it counts with.</summary>
public sealed record FigureDossierView(
    Guid DossierId, int Segment, string? ReceiptNo, string UnitCode, string FieldCode, string ProcedureCode, Channel Channel,
    LocalDate ReceivedOn, LocalDate? OverdueOn, LocalDate? ClosedOn, Closure? Closure, Timeliness? Timeliness, Timeliness? ClosingTimeliness,
    string? HandedInFrom, string? HandedOverTo, long FromVersion, long? UntilVersion)
{
    public static FigureDossierView Of(Guid id, DossierFacts f, string? receiptNo) =>
        new(id, f.Segment, receiptNo, f.UnitCode, f.FieldCode, f.ProcedureCode, f.Channel, f.ReceivedOn, f.OverdueOn, f.ClosedOn, f.Closure,
            f.Timeliness, f.ClosingTimeliness, f.HandedInFrom, f.HandedOverTo, f.FromVersion, f.UntilVersion);
}

/// <summary>A page of the dossiers behind a figure; <see cref="Total"/> is the figure, <see cref="Next"/> the following page (null at the end).</summary>
public sealed record FigureDossierPage(
    string Figure, string From, string To, string? Unit, string Folding, long Total, int Page, int PageSize, int? Next,
    IReadOnlyList<FigureDossierView> Items)
{
    public string? Period { get; init; }

    public string? Window { get; init; }

    public IReadOnlyList<string>? CoveredUnits { get; init; }
}

/// <summary>An event's link in the event chain: its position, its hash and the previous link's (hex).</summary>
public sealed record ChainLinkView(long Position, string Hash, string PreviousHash);

/// <summary>An event that set facts of the part, where it sits in the log and in the chain (null until the linker has chained it).</summary>
public sealed record EvidenceEventView(
    long Sequence, long Version, string Type, OffsetDateTime? OccurredAt, OffsetDateTime RecordedAt, IReadOnlyList<string> Sets, ChainLinkView? Chain);

public sealed record EvidencePartView(FigureDossierView Part, IReadOnlyList<EvidenceEventView> Events);

/// <summary>Why a dossier is behind a figure: each of its parts the figure counts, with the events that set their facts.</summary>
public sealed record FigureEvidenceView(string Figure, string From, string To, string? Unit, string Folding, Guid DossierId, IReadOnlyList<EvidencePartView> Parts);

/// <summary>The query of the figure drill-down as sent: the report's range and unit, a figure, and how to narrow and page the list.</summary>
public sealed record FigureQuery(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "period")] string? Period,
    [FromQuery(Name = "window")] string? Window,
    [FromQuery(Name = "unit")] string? Unit,
    [FromQuery(Name = "procedure")] string? Procedure,
    [FromQuery(Name = "field")] string? Field,
    [FromQuery(Name = "folding")] string? Folding,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize,
    [FromQuery(Name = "format")] string? Format);

/// <summary>A checked drill-down: the figure, the range, the unit (with its coverage still to read), the narrowing and the page.</summary>
public sealed record FigureSelection(
    Figure Figure, ReportRange Range, string? Unit, string? Procedure, string? Field, Bieu06Folding Folding, int Page, int PageSize, ReportFormat Format);

/// <summary>
/// Every figure explained: the dossiers behind a figure of the period report, a cell of the official Biểu 06 or a QĐ 766
/// numerator or denominator, and the events that put each there. The facts rows are read from the figure's window of
/// receipt and closing dates (<see cref="FigureMembership.WindowOf"/>), in order, only as far as the page; which of them
/// count is <see cref="FigureMembership"/>, the definition the reports' counters are checked against, so a list is as long as its figure.
/// </summary>
public static class FigureDossiersEndpoint
{
    private const int MaxPageSize = 1000;

    /// <summary>
    /// <c>GET /api/reports/figures/{figure}/dossiers</c>: the parts of dossiers a figure counts, by receipt date, a page at
    /// a time (<c>page</c>, <c>pageSize</c>); <c>format=csv</c> or <c>xlsx</c> answers the whole list as a file.
    /// </summary>
    [ProducesResponseType<FigureDossierPage>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/figures/{figure}/dossiers")]
    public static async Task<IResult> Dossiers(
        string figure, [AsParameters] FigureQuery request, IDocumentStore store, PeriodReportQuery reports, UnitDirectory units, Bieu06Settings settings,
        HttpContext http, CancellationToken cancellation)
    {
        var (asked, covered, refusal) = await AskedAsync(figure, request, settings, units, http, cancellation);
        if (asked is null)
        {
            return refusal!;
        }

        if (asked.Format == ReportFormat.Csv)
        {
            return Results.Stream(body => WriteCsvAsync(body, ListedAsync(store, asked, covered, cancellation)), "text/csv");
        }

        if (asked.Format == ReportFormat.Xlsx)
        {
            var unitName = asked.Unit is null ? null : (await units.CurrentAsync(cancellation)).Find(asked.Unit)?.Name;
            var sheet = FigureDossiersSheet.Of(asked, unitName, ListedAsync(store, asked, covered, cancellation));
            return ReportFiles.Answer(sheet, ReportFormat.Xlsx, $"ho-so-{Figures.NameOf(asked.Figure)}-{ReportFiles.NamePart(asked.Unit, asked.Range)}", cancellation);
        }

        var total = await ReportedAsync(reports, asked, covered, cancellation);
        var members = new List<(Guid Id, DossierFacts Facts)>(asked.PageSize + 1);
        var skip = (long)(asked.Page - 1) * asked.PageSize;
        // One part past the page says whether another page follows. Where the figure says the list ends sooner, reading
        // stops there: the parts of a sparse figure need not be sought to the end of its window.
        var wanted = Math.Clamp(total - skip, 0, asked.PageSize + 1L);
        await foreach (var member in wanted == 0 ? AsyncEnumerable.Empty<(Guid, DossierFacts)>() : MembersAsync(store, asked, covered, null, cancellation))
        {
            if (skip-- > 0)
            {
                continue;
            }

            members.Add(member);
            if (members.Count == wanted)
            {
                break;
            }
        }

        var items = await ViewsAsync(store, [.. members.Take(asked.PageSize)], cancellation);
        return Results.Ok(new FigureDossierPage(
            Figures.NameOf(asked.Figure), Iso(asked.Range.From), Iso(asked.Range.To), asked.Unit, OfficialBieu06.NameOf(asked.Folding), total,
            asked.Page, asked.PageSize, members.Count > asked.PageSize ? asked.Page + 1 : null, items)
        {
            Period = asked.Range.Period,
            Window = asked.Range.Window,
            CoveredUnits = covered?.Order(StringComparer.Ordinal).ToList(),
        });
    }

    /// <summary>
    /// The figure as the reports answer it, from their counters, narrowed to the procedure or field asked for: the length
    /// of the whole list, known without reading it (the tests hold the two equal).
    /// </summary>
    private static async Task<long> ReportedAsync(PeriodReportQuery reports, FigureSelection asked, IReadOnlySet<string>? covered, CancellationToken cancellation)
    {
        var grouping = asked.Procedure is not null ? ReportGrouping.Procedure : asked.Field is not null ? ReportGrouping.Field : ReportGrouping.None;
        var result = await reports.RunAsync(covered, asked.Range.From, asked.Range.To, grouping, cancellation);
        var figures = grouping == ReportGrouping.None
            ? result.Total
            : GroupFigures.Sum(asked.Field, asked.Procedure, result.Groups.Where(g =>
                (asked.Procedure is null || g.ProcedureCode == asked.Procedure) && (asked.Field is null || g.FieldCode == asked.Field)));
        return ReportedFigure.Of(asked.Figure, figures.Figures, figures.Quality, figures.Official(asked.Folding));
    }

    /// <summary>
    /// <c>GET /api/reports/figures/{figure}/dossiers/{id}/evidence</c>: the parts of the dossier the figure counts over the
    /// same range and unit, each with the events that set its facts, their sequence numbers and their links in the chain.
    /// 404 when the figure does not count the dossier.
    /// </summary>
    [ProducesResponseType<FigureEvidenceView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/reports/figures/{figure}/dossiers/{id}/evidence")]
    public static async Task<IResult> Evidence(
        string figure, Guid id, [AsParameters] FigureQuery request, IDocumentStore store, UnitDirectory units, Bieu06Settings settings,
        DossierDecider decider, HttpContext http, CancellationToken cancellation)
    {
        var (asked, covered, refusal) = await AskedAsync(figure, request, settings, units, http, cancellation);
        if (asked is null)
        {
            return refusal!;
        }

        var parts = new List<DossierFacts>();
        await foreach (var (_, facts) in MembersAsync(store, asked, covered, id, cancellation))
        {
            parts.Add(facts);
        }

        if (parts.Count == 0)
        {
            return Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Not behind this figure.",
                $"Dossier {id} is not counted in {Figures.NameOf(asked.Figure)} over this range and unit.", "dossier-not-in-figure"));
        }

        await using var session = store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(id, token: cancellation);
        var receiptNo = (await session.LoadAsync<Dossier>(id, cancellation))?.ReceiptNo;
        var links = await ChainLinksAsync(store, [.. stream.Select(e => e.Sequence)], cancellation);
        var zone = decider.Calendar.Zone;
        var events = stream.Select(e => (IDossierEvent)e.Data).ToList();
        var evidence = parts.Select(part =>
        {
            var sets = FactsEvidence.Of(events, part.Segment, zone);
            return new EvidencePartView(FigureDossierView.Of(id, part, receiptNo),
            [
                .. stream.Select((e, i) => (Event: e, Sets: sets[i]))
                    .Where(e => e.Sets.Count > 0)
                    .Select(e => new EvidenceEventView(
                        e.Event.Sequence, e.Event.Version, e.Event.Data.GetType().Name, VietnamTime.Of(((IDossierEvent)e.Event.Data).OccurredAt),
                        VietnamTime.Of(Instant.FromDateTimeOffset(e.Event.Timestamp)), e.Sets, links.GetValueOrDefault(e.Event.Sequence))),
            ]);
        });
        return Results.Ok(new FigureEvidenceView(
            Figures.NameOf(asked.Figure), Iso(asked.Range.From), Iso(asked.Range.To), asked.Unit, OfficialBieu06.NameOf(asked.Folding), id, [.. evidence]));
    }

    /// <summary>The figure, range and unit asked for, checked against the caller's units, with the units the unit covers; otherwise the problem to answer.</summary>
    private static async Task<(FigureSelection? Asked, IReadOnlySet<string>? Covered, IResult? Refusal)> AskedAsync(
        string figure, FigureQuery request, Bieu06Settings settings, UnitDirectory units, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        if (Read(errors, figure, request, settings, http) is not { } asked)
        {
            return (null, null, errors.ToResult());
        }

        if (RequestActor.Of(http).CheckRead(asked.Unit) is { } denied)
        {
            return (null, null, denied);
        }

        return (asked, await units.CoverageAsync(asked.Unit, asked.Range.From, asked.Range.To, null, cancellation), null);
    }

    /// <summary>The selection the query asks for; null when any of it is wrong, with the problems in <paramref name="errors"/>.</summary>
    private static FigureSelection? Read(InputErrors errors, string figure, FigureQuery request, Bieu06Settings settings, HttpContext http)
    {
        var known = Figures.Find(figure);
        if (known is null)
        {
            errors.Add("figure", "must name a figure of the reports, such as received.online, official.5 or quality.progress.numerator (docs/reports.md).");
        }

        var range = ReportRange.Read(errors, request.From, request.To, request.Period, request.Window);
        var unit = errors.Code("unit", request.Unit, required: false);
        var procedure = errors.Code("procedure", request.Procedure, required: false);
        var field = errors.Code("field", request.Field, required: false);
        var folding = errors.Choice("folding", request.Folding, OfficialBieu06.Foldings, required: false) ?? settings.Folding;
        var page = errors.Positive("page", request.Page, 1, 1_000_000);
        var pageSize = errors.Positive("pageSize", request.PageSize, 50, MaxPageSize);
        var format = ReportFiles.Read(errors, request.Format, http, ReportFormat.Json, ReportFormat.Csv, ReportFormat.Xlsx);
        return errors.Any ? null : new FigureSelection(known!.Value, range!, unit, procedure, field, folding, page, pageSize, format!.Value);
    }

    /// <summary>The parts the figure counts, in the list's order (<see cref="PartsAsync"/>).</summary>
    private static async IAsyncEnumerable<(Guid Id, DossierFacts Facts)> MembersAsync(
        IDocumentStore store, FigureSelection asked, IReadOnlySet<string>? covered, Guid? dossier, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var window = FigureMembership.WindowOf(asked.Figure, asked.Range.From, asked.Range.To);
        await foreach (var (id, facts, figures) in PartsAsync(
            store, asked.Range, window, covered, asked.Folding, asked.Procedure, asked.Field, dossier, cancellation))
        {
            if (figures.Contains(asked.Figure))
            {
                yield return (id, facts);
            }
        }
    }

    /// <summary>
    /// Every part inside <paramref name="window"/> (<see cref="FigureMembership.WindowOf"/>, or
    /// <see cref="FigureMembership.AnyFigureWindow"/>) with the figures of the range it counts in, in the list's order.
    /// Over a unit the area is its coverage, and a hand-over between two of its units is neither a departure nor an
    /// arrival; over every unit, every hand-over is inside. Reconciliation reads the dossiers behind many figures at once from it.
    /// </summary>
    public static async IAsyncEnumerable<(Guid Id, DossierFacts Facts, FigureSet Figures)> PartsAsync(
        IDocumentStore store, ReportRange range, FigureWindow window, IReadOnlySet<string>? covered, Bieu06Folding folding, string? procedure, string? field, Guid? dossier,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var scope = new FigureScope(range.From, range.To, covered is null ? _ => true : covered.Contains, folding);
        await using var connection = await store.OpenConnectionAsync(cancellation);
        // The facts are derived for the report model the counters are: an older model answers 503 here as the reports do.
        await using (var stamp = new NpgsqlCommand(ReportModelStamp.RecordedSql, connection))
        {
            ReportModelStamp.Check((int)(await stamp.ExecuteScalarAsync(cancellation))!);
        }

        await foreach (var (id, facts) in DossierFactsTable.ReadAsync(connection, covered, window, procedure, field, dossier, cancellation))
        {
            yield return (id, facts, FigureMembership.Of(facts, scope));
        }
    }

    /// <summary>The parts as the list shows them, with the receipt numbers of their dossiers.</summary>
    private static async Task<List<FigureDossierView>> ViewsAsync(IDocumentStore store, IReadOnlyList<(Guid Id, DossierFacts Facts)> parts, CancellationToken cancellation)
    {
        var receiptNos = await ReceiptNumbersAsync(store, parts.Select(p => p.Id), cancellation);
        return [.. parts.Select(p => FigureDossierView.Of(p.Id, p.Facts, receiptNos.GetValueOrDefault(p.Id)))];
    }

    /// <summary>The receipt numbers of these dossiers, by id.</summary>
    public static async Task<Dictionary<Guid, string>> ReceiptNumbersAsync(IDocumentStore store, IEnumerable<Guid> ids, CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        return (await session.LoadManyAsync<Dossier>(cancellation, ids.Distinct())).ToDictionary(d => d.Id, d => d.ReceiptNo);
    }

    /// <summary>
    /// Where the list behind a figure is read: this endpoint's path and query for the figure over the range and unit,
    /// narrowed to a field or a procedure, under a folding.
    /// </summary>
    public static string ListPath(string figure, string? unit, LocalDate from, LocalDate to, string? field, string? procedure, Bieu06Folding folding)
    {
        var query = new List<string> { $"from={Iso(from)}", $"to={Iso(to)}" };
        foreach (var (name, value) in new[] { ("unit", unit), ("field", field), ("procedure", procedure), ("folding", OfficialBieu06.NameOf(folding)) })
        {
            if (value is not null)
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        return $"/api/reports/figures/{Uri.EscapeDataString(figure)}/dossiers?{string.Join('&', query)}";
    }

    private const string CsvHeader =
        "dossierId,segment,receiptNo,unitCode,fieldCode,procedureCode,channel,receivedOn,overdueOn,closedOn,closure,timeliness,closingTimeliness,handedInFrom,handedOverTo,fromVersion,untilVersion";

    /// <summary>The whole list as it is read, with the receipt numbers of a batch of dossiers at a time.</summary>
    private static async IAsyncEnumerable<FigureDossierView> ListedAsync(
        IDocumentStore store, FigureSelection asked, IReadOnlySet<string>? covered, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var batch = new List<(Guid Id, DossierFacts Facts)>(MaxPageSize);
        await foreach (var member in MembersAsync(store, asked, covered, null, cancellation))
        {
            batch.Add(member);
            if (batch.Count == MaxPageSize)
            {
                foreach (var view in await ViewsAsync(store, batch, cancellation))
                {
                    yield return view;
                }

                batch.Clear();
            }
        }

        foreach (var view in await ViewsAsync(store, batch, cancellation))
        {
            yield return view;
        }
    }

    /// <summary>The whole list as CSV, with the machine codes of its channels, closures and timeliness.</summary>
    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<FigureDossierView> listed)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync(CsvHeader);
        await foreach (var item in listed)
        {
            await writer.WriteLineAsync(CsvLine(item));
        }
    }

    private static string CsvLine(FigureDossierView d) => string.Join(',',
        d.DossierId, d.Segment.ToString(CultureInfo.InvariantCulture), CsvSheetWriter.Field(d.ReceiptNo), CsvSheetWriter.Field(d.UnitCode), CsvSheetWriter.Field(d.FieldCode), CsvSheetWriter.Field(d.ProcedureCode),
        (int)d.Channel, Iso(d.ReceivedOn), Iso(d.OverdueOn), Iso(d.ClosedOn), (int?)d.Closure, (int?)d.Timeliness, (int?)d.ClosingTimeliness,
        CsvSheetWriter.Field(d.HandedInFrom), CsvSheetWriter.Field(d.HandedOverTo), d.FromVersion.ToString(CultureInfo.InvariantCulture), d.UntilVersion?.ToString(CultureInfo.InvariantCulture));

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Iso(LocalDate? date) => date is { } d ? Iso(d) : "";

    /// <summary>The chain links of these events, by sequence.</summary>
    private static async Task<Dictionary<long, ChainLinkView>> ChainLinksAsync(IDocumentStore store, long[] sequences, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            "SELECT seq_id, position, encode(hash, 'hex'), encode(prev_hash, 'hex') FROM dl_event_chain WHERE seq_id = ANY(@sequences)", connection);
        command.Parameters.AddWithValue("sequences", sequences);
        var links = new Dictionary<long, ChainLinkView>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            links[reader.GetInt64(0)] = new ChainLinkView(reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
        }

        return links;
    }
}

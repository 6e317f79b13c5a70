using System.Text;
using System.Text.Json;
using DossierLedger.Api.Http;
using DossierLedger.Api.Reports.Files;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Calendar;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace DossierLedger.Api.Audit;

/// <summary>An event of the audit trail as JSON; instants in Vietnam time, <c>data</c> as recorded.</summary>
public sealed record AuditEventView(
    long Sequence, Guid EventId, Guid DossierId, string Type, OffsetDateTime? OccurredAt, OffsetDateTime RecordedAt, string? User,
    string? CorrelationId, JsonElement Data)
{
    public static AuditEventView Of(AuditEvent e)
    {
        using var data = JsonDocument.Parse(e.DataJson);
        return new(e.Sequence, e.EventId, e.DossierId, e.Type, VietnamTime.Of(e.OccurredAt), VietnamTime.Of(e.RecordedAt), e.User,
            e.CorrelationId, data.RootElement.Clone());
    }
}

/// <summary>One page of the audit trail; <see cref="Next"/> is the <c>after</c> of the following page, null at the end.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEventView> Items, long? Next);

/// <summary>The query of <c>GET /api/audit/events</c> as sent; <see cref="Read"/> checks it field by field.</summary>
public sealed record AuditEventsQuery(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "occurredFrom")] string? OccurredFrom,
    [FromQuery(Name = "occurredTo")] string? OccurredTo,
    [FromQuery(Name = "unit")] string? Unit,
    [FromQuery(Name = "procedure")] string? Procedure,
    [FromQuery(Name = "dossier")] string? Dossier,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "after")] long? After,
    [FromQuery(Name = "limit")] int? Limit,
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "backdated")] bool? Backdated,
    [FromQuery(Name = "tolerance")] string? Tolerance)
{
    private const int MaxPage = 10_000;

    private static readonly Dictionary<string, string> Formats = new()
    {
        ["json"] = "application/json",
        ["ndjson"] = "application/x-ndjson",
        ["csv"] = "text/csv",
        ["count"] = "application/json",
    };

    /// <summary>
    /// What the query selects (its unit not yet widened to the units it covers) and how to answer; null with
    /// <paramref name="errors"/> filled when a field is wrong. <paramref name="defaultTolerance"/> is the backdating
    /// tolerance when <c>backdated=true</c> names none.
    /// </summary>
    public AuditEventSelection? Read(InputErrors errors, string defaultTolerance)
    {
        var filter = new AuditEventFilter(
            errors.Instant("from", From), errors.Instant("to", To), errors.Instant("occurredFrom", OccurredFrom), errors.Instant("occurredTo", OccurredTo),
            null, errors.Code("procedure", Procedure, required: false), DossierId(errors), Types(errors), After ?? 0, BackdatedBeyond(errors, defaultTolerance));
        var unit = errors.Code("unit", Unit, required: false);
        if (After is < 0)
        {
            errors.Add("after", "must be a sequence number (0 or more).");
        }

        var pageSize = errors.Positive("limit", Limit, 500, MaxPage);
        var format = (Format ?? "json").Trim().ToLowerInvariant();
        if (!Formats.TryGetValue(format, out var contentType))
        {
            errors.Add("format", "must be json, ndjson, csv or count.");
        }

        return errors.Any ? null : new AuditEventSelection(filter, unit, format, contentType!, pageSize);
    }

    private Guid? DossierId(InputErrors errors)
    {
        if (Dossier is null)
        {
            return null;
        }

        if (Guid.TryParse(Dossier, out var id))
        {
            return id;
        }

        errors.Add("dossier", "must be a dossier id (a GUID).");
        return null;
    }

    private string[] Types(InputErrors errors)
    {
        var types = (Type ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (types.Any(t => t.Length > 64 || !t.All(char.IsAsciiLetter)))
        {
            errors.Add("type", "must be event type names such as DossierReceived, separated by commas.");
        }

        return types;
    }

    private Duration? BackdatedBeyond(InputErrors errors, string defaultTolerance)
    {
        if (Backdated != true && Tolerance is null)
        {
            return null;
        }

        var parsed = PeriodPattern.NormalizingIso.Parse(Tolerance ?? defaultTolerance);
        if (parsed.Success && !parsed.Value.HasDateComponent && parsed.Value.ToDuration() >= Duration.Zero)
        {
            return parsed.Value.ToDuration();
        }

        errors.Add("tolerance", "must be an ISO-8601 duration of hours, minutes or seconds, e.g. PT24H.");
        return null;
    }
}

/// <summary>A checked audit query: the events it selects, the unit it names, and the answer's format.</summary>
public sealed record AuditEventSelection(AuditEventFilter Filter, string? Unit, string Format, string ContentType, int PageSize);

/// <summary>
/// <c>GET /api/audit/events</c>: the ledger's events in commit order, filtered by recording time (<c>from</c>,
/// <c>to</c>), business time (<c>occurredFrom</c>, <c>occurredTo</c>), unit, procedure, dossier and type.
/// <c>format=json</c> (default) pages with <c>after</c> and <c>limit</c>; <c>ndjson</c> and <c>csv</c> stream
/// the whole selection as it is read, for any size.
/// </summary>
public static class AuditEventsEndpoint
{
    /// <summary>
    /// The ledger's events in commit order, a page at a time; <c>format=ndjson</c> or <c>csv</c> streams the whole
    /// selection instead, <c>count</c> answers <c>{ "count" }</c>.
    /// </summary>
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AuditEventPage>(StatusCodes.Status200OK)]
    [WolverineGet("/api/audit/events")]
    public static async Task<IResult> Get([AsParameters] AuditEventsQuery request, AuditEventQuery query, UnitDirectory units,
        IOptions<JsonOptions> json, IConfiguration configuration, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        if (request.Read(errors, configuration["Audit:BackdatedTolerance"] ?? "PT24H") is not { } asked)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(asked.Unit) is { } denied)
        {
            return denied;
        }

        // A unit's trail includes the units under it and merged into it, as its reports do.
        var filter = asked.Unit is null ? asked.Filter : asked.Filter with { Units = (await units.CurrentAsync(cancellation)).Scope([asked.Unit]) };
        return asked.Format switch
        {
            "count" => Results.Ok(new { count = await query.CountAsync(filter, cancellation) }),
            "json" => Results.Ok(await PageAsync(query, filter, asked.PageSize, cancellation)),
            _ => Results.Stream(body => StreamAsync(body, query, filter, asked.Format, json.Value.SerializerOptions, cancellation), asked.ContentType),
        };
    }

    private static async Task<AuditEventPage> PageAsync(AuditEventQuery query, AuditEventFilter filter, int pageSize, CancellationToken cancellation)
    {
        var items = new List<AuditEventView>();
        await foreach (var e in query.ReadAsync(filter, pageSize, cancellation))
        {
            items.Add(AuditEventView.Of(e));
        }

        return new AuditEventPage(items, items.Count == pageSize ? items[^1].Sequence : null);
    }

    /// <summary>The whole selection as NDJSON or CSV, written as it is read.</summary>
    private static async Task StreamAsync(
        Stream body, AuditEventQuery query, AuditEventFilter filter, string format, JsonSerializerOptions options, CancellationToken cancellation)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
        if (format == "csv")
        {
            await writer.WriteLineAsync("sequence,eventId,dossierId,type,occurredAt,recordedAt,user,correlationId,data");
        }

        var written = 0;
        await foreach (var e in query.ReadAsync(filter, null, cancellation))
        {
            await writer.WriteLineAsync(format == "csv" ? CsvLine(e) : JsonSerializer.Serialize(AuditEventView.Of(e), options));
            if (++written % 1000 == 0)
            {
                await writer.FlushAsync(cancellation);
            }
        }
    }

    private static string CsvLine(AuditEvent e) => string.Join(',',
        e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        e.EventId.ToString(),
        e.DossierId.ToString(),
        e.Type,
        e.OccurredAt is { } occurred ? InstantPattern.ExtendedIso.Format(occurred) : "",
        InstantPattern.ExtendedIso.Format(e.RecordedAt),
        CsvSheetWriter.Field(e.User),
        CsvSheetWriter.Field(e.CorrelationId),
        CsvSheetWriter.Field(e.DataJson));
}

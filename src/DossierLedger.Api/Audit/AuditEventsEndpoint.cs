using System.Text;
using System.Text.Json;
using DossierLedger.Api.Infrastructure;
using DossierLedger.Api.Units;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using Wolverine.Http;

namespace DossierLedger.Api.Audit;

/// <summary>An event of the audit trail as JSON; instants in Vietnam time, <c>data</c> as recorded.</summary>
public sealed record AuditEventView(
    long Sequence, Guid EventId, Guid DossierId, string Type, OffsetDateTime? OccurredAt, OffsetDateTime RecordedAt, string? User,
    string? CorrelationId, JsonElement Data)
{
    private static readonly Offset Vietnam = Offset.FromHours(7);

    public static AuditEventView Of(AuditEvent e)
    {
        using var data = JsonDocument.Parse(e.DataJson);
        return new(e.Sequence, e.EventId, e.DossierId, e.Type, e.OccurredAt?.WithOffset(Vietnam), e.RecordedAt.WithOffset(Vietnam), e.User,
            e.CorrelationId, data.RootElement.Clone());
    }
}

/// <summary>One page of the audit trail; <see cref="Next"/> is the <c>after</c> of the following page, null at the end.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEventView> Items, long? Next);

/// <summary>
/// <c>GET /api/audit/events</c>: the ledger's events in commit order, filtered by recording time (<c>from</c>,
/// <c>to</c>), business time (<c>occurredFrom</c>, <c>occurredTo</c>), unit, procedure, dossier and type.
/// <c>format=json</c> (default) pages with <c>after</c> and <c>limit</c>; <c>ndjson</c> and <c>csv</c> stream
/// the whole selection as it is read, for any size.
/// </summary>
public static class AuditEventsEndpoint
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
    /// The ledger's events in commit order, a page at a time; <c>format=ndjson</c> or <c>csv</c> streams the whole
    /// selection instead, <c>count</c> answers <c>{ "count" }</c>.
    /// </summary>
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AuditEventPage>(StatusCodes.Status200OK)]
    [WolverineGet("/api/audit/events")]
    public static async Task<IResult> Get(
        string? from, string? to, string? occurredFrom, string? occurredTo, string? unit, string? procedure, string? dossier,
        string? type, long? after, int? limit, string? format, bool? backdated, string? tolerance, AuditEventQuery query,
        UnitDirectory units, IOptions<JsonOptions> json, IConfiguration configuration, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var recordedFrom = errors.Instant("from", from);
        var recordedTo = errors.Instant("to", to);
        var businessFrom = errors.Instant("occurredFrom", occurredFrom);
        var businessTo = errors.Instant("occurredTo", occurredTo);
        var unitCode = errors.Code("unit", unit, required: false);
        var procedureCode = errors.Code("procedure", procedure, required: false);
        Guid? dossierId = null;
        if (dossier is not null)
        {
            dossierId = Guid.TryParse(dossier, out var id) ? id : null;
            if (dossierId is null)
            {
                errors.Add("dossier", "must be a dossier id (a GUID).");
            }
        }

        var types = (type ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (types.Any(t => t.Length > 64 || !t.All(char.IsAsciiLetter)))
        {
            errors.Add("type", "must be event type names such as DossierReceived, separated by commas.");
        }

        if (after is < 0)
        {
            errors.Add("after", "must be a sequence number (0 or more).");
        }

        Duration? backdatedBeyond = null;
        if (backdated == true || tolerance is not null)
        {
            var text = tolerance ?? configuration["Audit:BackdatedTolerance"] ?? "PT24H";
            var parsed = PeriodPattern.NormalizingIso.Parse(text);
            if (parsed.Success && !parsed.Value.HasDateComponent && parsed.Value.ToDuration() >= Duration.Zero)
            {
                backdatedBeyond = parsed.Value.ToDuration();
            }
            else
            {
                errors.Add("tolerance", "must be an ISO-8601 duration of hours, minutes or seconds, e.g. PT24H.");
            }
        }

        var pageSize = errors.Positive("limit", limit, 500, MaxPage);
        var formatName = (format ?? "json").Trim().ToLowerInvariant();
        if (!Formats.TryGetValue(formatName, out var contentType))
        {
            errors.Add("format", "must be json, ndjson, csv or count.");
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        // A unit's trail includes the units under it and merged into it, as its reports do.
        var covered = unitCode is null ? null : (await units.CurrentAsync(cancellation)).Scope([unitCode]);
        var filter = new AuditEventFilter(
            recordedFrom, recordedTo, businessFrom, businessTo, covered, procedureCode, dossierId, types, after ?? 0, backdatedBeyond);
        if (formatName == "count")
        {
            return Results.Ok(new { count = await query.CountAsync(filter, cancellation) });
        }

        if (formatName == "json")
        {
            var items = new List<AuditEventView>();
            await foreach (var e in query.ReadAsync(filter, pageSize, cancellation))
            {
                items.Add(AuditEventView.Of(e));
            }

            return Results.Ok(new AuditEventPage(items, items.Count == pageSize ? items[^1].Sequence : null));
        }

        var options = json.Value.SerializerOptions;
        return Results.Stream(async body =>
        {
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
            if (formatName == "csv")
            {
                await writer.WriteLineAsync("sequence,eventId,dossierId,type,occurredAt,recordedAt,user,correlationId,data");
            }

            var written = 0;
            await foreach (var e in query.ReadAsync(filter, null, cancellation))
            {
                await writer.WriteLineAsync(formatName == "csv" ? CsvLine(e) : JsonSerializer.Serialize(AuditEventView.Of(e), options));
                if (++written % 1000 == 0)
                {
                    await writer.FlushAsync(cancellation);
                }
            }
        }, contentType);
    }

    private static string CsvLine(AuditEvent e) => string.Join(',',
        e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        e.EventId.ToString(),
        e.DossierId.ToString(),
        e.Type,
        e.OccurredAt is { } occurred ? InstantPattern.ExtendedIso.Format(occurred) : "",
        InstantPattern.ExtendedIso.Format(e.RecordedAt),
        Csv(e.User),
        Csv(e.CorrelationId),
        Csv(e.DataJson));

    /// <summary>RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.</summary>
    private static string Csv(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Http;
using DossierLedger.Api.Reports.Files;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Reports;

/// <summary>
/// A line of the Sổ theo dõi hồ sơ (Mẫu 07): one dossier received in the range, numbered in order of receipt, with its
/// receipt, appointment, hand-overs, result and its return. <see cref="AppointedAt"/> is the date on the receipt slip
/// (the due instant at receipt), not the one pauses moved; <see cref="ResultAt"/> is the resolution, and
/// <see cref="ClosedAt"/> with <see cref="ClosingReason"/> a withdrawal or a stop.
/// </summary>
public sealed record TrackingBookEntry(
    long Number, Guid DossierId, string ReceiptNo, string ProcedureCode, string? ProcedureName, string? ApplicantName, Channel Channel,
    string ReceivingUnitCode, string AuthorityCode, OffsetDateTime ReceivedAt, OffsetDateTime AppointedAt, IReadOnlyList<HandOverView> HandOvers,
    string Status, Timeliness? Timeliness, OffsetDateTime? ResultAt, OffsetDateTime? ClosedAt, string? ClosingReason,
    OffsetDateTime? ResultReturnedAt, ResultReturnMethod? ResultReturnMethod)
{
    public static TrackingBookEntry Of(long number, Dossier d, ProcedureCatalogue catalogue) => new(
        number, d.Id, d.ReceiptNo, d.ProcedureCode, catalogue.Find(d.ProcedureCode)?.Name, d.ApplicantName, d.Channel, d.ReceivingUnitCode,
        d.AuthorityCode, VietnamTime.Of(d.ReceivedAt), VietnamTime.Of(d.OriginalDueAt),
        [.. d.HandOvers.Select(h => new HandOverView(VietnamTime.Of(h.At), h.FromUnitCode, h.ToUnitCode, h.Reason))],
        d.Status.ToApiName(), d.Timeliness, VietnamTime.Of(d.ResolvedAt),
        d.Status is DossierStatus.Withdrawn or DossierStatus.Stopped ? VietnamTime.Of(d.ClosedAt) : null,
        d.Status is DossierStatus.Withdrawn or DossierStatus.Stopped ? d.ClosingReason : null,
        VietnamTime.Of(d.ResultReturnedAt), d.ResultReturnMethod);
}

/// <summary>
/// The dossiers of a tracking book, read from the dossier documents in order of receipt as Marten streams them
/// (<c>ToAsyncEnumerable</c>: one query, rows read as they are written out), so a year of a province is never held.
/// A unit's book holds the dossiers it received, or was named or holds as the resolving authority, with the units
/// under it and merged into it, as its work queue does; refused and voided dossiers are not in it.
/// </summary>
public sealed class TrackingBookQuery(IDocumentStore store, ProcedureCatalogue catalogue)
{
    public async IAsyncEnumerable<TrackingBookEntry> ReadAsync(
        IReadOnlySet<string>? units, LocalDate from, LocalDate to, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var session = store.QuerySession();
        var query = session.Query<Dossier>().Where(d => !d.Voided && d.Status != DossierStatus.Refused);
        if (units is not null)
        {
            var codes = units.ToArray();
            query = query.Where(d => codes.Contains(d.UnitCode) || codes.Contains(d.ReceivingUnitCode) || codes.Contains(d.AuthorityCode));
        }

        query = query
            .OnDates("receivedAt", from, to, VietnamTime.Zone)
            // In time order, not in the order of the stored text: "…:00.5Z" sorts before "…:00Z".
            .OrderBySql(InstantFilters.Sql("receivedAt")).ThenBySql("d.data ->> 'receiptNo'");
        var number = 0L;
        await foreach (var dossier in query.ToAsyncEnumerable(cancellation))
        {
            yield return TrackingBookEntry.Of(++number, dossier, catalogue);
        }
    }
}

public static class TrackingBookEndpoint
{
    /// <summary>
    /// <c>GET /api/reports/tracking-book</c>: the Sổ theo dõi hồ sơ of a unit (every unit when none) over a range of receipt
    /// dates, the same range parameters as the period report; streamed as NDJSON (default), <c>csv</c> or <c>xlsx</c>
    /// (<c>format=</c> or <c>Accept</c>), for any size.
    /// </summary>
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<TrackingBookEntry>(StatusCodes.Status200OK, "application/x-ndjson")]
    [WolverineGet("/api/reports/tracking-book")]
    public static async Task<IResult> Get(
        string? from, string? to, string? period, string? window, string? unit, string? format, TrackingBookQuery query, UnitDirectory units,
        IOptions<JsonOptions> json, HttpContext http, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var range = ReportRange.Read(errors, from, to, period, window);
        var unitCode = errors.Code("unit", unit, required: false);
        var answer = ReportFiles.Read(errors, format, http, ReportFormat.Ndjson, ReportFormat.Csv, ReportFormat.Xlsx);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (RequestActor.Of(http).CheckRead(unitCode) is { } denied)
        {
            return denied;
        }

        var registry = await units.CurrentAsync(cancellation);
        var scope = unitCode is null ? null : registry.Scope([unitCode]);
        var entries = query.ReadAsync(scope, range!.From, range.To, cancellation);
        if (answer == ReportFormat.Ndjson)
        {
            return Results.Stream(body => StreamAsync(body, entries, json.Value.SerializerOptions, cancellation), "application/x-ndjson");
        }

        var unitName = unitCode is null ? null : registry.Find(unitCode)?.Name;
        var sheet = TrackingBookSheet.Of(unitCode, unitName, range, entries);
        return ReportFiles.Answer(sheet, answer!.Value, $"so-theo-doi-{ReportFiles.NamePart(unitCode, range)}", cancellation);
    }

    private static async Task StreamAsync(
        Stream body, IAsyncEnumerable<TrackingBookEntry> entries, JsonSerializerOptions options, CancellationToken cancellation)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
        await foreach (var entry in entries.WithCancellation(cancellation))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(entry, options));
            if (entry.Number % 1000 == 0)
            {
                await writer.FlushAsync(cancellation);
            }
        }
    }
}

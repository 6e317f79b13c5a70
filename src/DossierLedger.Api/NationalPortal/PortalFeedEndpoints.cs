using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Http;
using DossierLedger.Api.Projections;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.NationalPortal;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;
using Wolverine.Util;

namespace DossierLedger.Api.NationalPortal;

/// <summary>One delivery as an auditor reads it: what was sent, the portal's answer, and when it was recorded.</summary>
/// <param name="Kind"><c>record</c>, <c>steps</c> or <c>refused</c>.</param>
/// <param name="Hash">The SHA-256 of what was sent (the record's fingerprint, or the steps' payload).</param>
/// <param name="ThroughVersion">For steps: the dossier version of the last step the portal accepted.</param>
public sealed record PortalDeliveryView(string Kind, Instant AnsweredAt, Instant RecordedAt, string? Service, string Hash, string Answer,
    bool? Update, long? ThroughVersion, int? Steps);

/// <summary>A dossier's deliveries to the national portal, and whether the portal is up to date with it.</summary>
public sealed record PortalDossierView(Guid DossierId, string ReceiptNo, bool Synchronised, string CurrentFingerprint, long HistoryVersion,
    IReadOnlyList<PortalDeliveryView> Deliveries);

/// <summary>A delivery parked as a dead letter: refused by the portal (with its answer), or failed past every retry.</summary>
public sealed record PortalDeadLetterView(Guid Id, Guid? DossierId, string? ReceiptNo, string Reason, string ExceptionType, DateTimeOffset SentAt, bool Replayable);

public sealed record PortalDeadLettersView(int Total, IReadOnlyList<PortalDeadLetterView> DeadLetters);

/// <summary>The dead letters to replay; none listed: all of them.</summary>
public sealed record ReplayRequest(IReadOnlyList<Guid>? Ids);

public sealed record ReplayAnswer(int Replayed);

public static class PortalDossierEndpoint
{
    /// <summary>What the national portal was told of a dossier and when, each delivery with the portal's answer and the hash of what was sent.</summary>
    [ProducesResponseType<PortalDossierView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/dossiers/{id}/national-portal")]
    public static async Task<IResult> Get(
        Guid id, IQuerySession session, ProjectionSettings projections, PortalWire wire, HttpContext http, CancellationToken cancellation)
    {
        // What the portal should know is judged against the dossier's latest event, not a projection that may lag.
        if (await DossierQueries.CurrentAsync(session, projections, id, cancellation) is not { } dossier)
        {
            return Problems.DossierNotFound(id);
        }

        if (DossierQueries.Visible(http, dossier) is { } hidden)
        {
            return hidden;
        }

        var streamId = PortalKnowledge.StreamIdOf(id);
        var deliveries = (await session.Events.FetchStreamAsync(streamId, token: cancellation))
            .Select(e => View(e.Data as IPortalDeliveryEvent, Instant.FromDateTimeOffset(e.Timestamp)))
            .ToList();
        var knowledge = await session.LoadAsync<PortalKnowledge>(streamId, cancellation) ?? PortalKnowledge.None(id);
        var fingerprint = PortalWire.Fingerprint(wire.Record(PortalRecord.Of(dossier)));
        return Results.Ok(new PortalDossierView(id, dossier.ReceiptNo, knowledge.IsSynchronised(fingerprint, dossier.HistoryVersion),
            fingerprint, dossier.HistoryVersion, deliveries));
    }

    private static PortalDeliveryView View(IPortalDeliveryEvent? e, Instant recordedAt) => e switch
    {
        PortalRecordAccepted r => new("record", r.AnsweredAt, recordedAt, PortalWire.RecordService, r.Fingerprint, r.Answer, r.Update, null, null),
        PortalStepsAccepted s => new("steps", s.AnsweredAt, recordedAt, PortalWire.HistoryService, s.PayloadHash, s.Answer, null, s.ThroughVersion, s.Steps),
        PortalDeliveryRejected r => new("refused", r.AnsweredAt, recordedAt, r.Service, r.PayloadHash, r.Answer, null, null, null),
        _ => throw new InvalidOperationException($"A delivery stream holds a {e?.GetType().Name ?? "null"}."),
    };
}

public static class PortalDeadLetterEndpoints
{
    private static readonly string MessageType = typeof(PortalFeedDue).ToMessageTypeName();

    /// <summary>The deliveries parked as dead letters, oldest first, each with the portal's answer or the last failure.</summary>
    [ProducesResponseType<PortalDeadLettersView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/admin/national-portal/dead-letters")]
    public static async Task<IResult> Get(IWolverineRuntime runtime, IQuerySession session, CancellationToken cancellation)
    {
        var pages = await runtime.Stores.FetchDeadLetterEnvelopesAsync(
            new DeadLetterEnvelopeGetRequest { MessageType = MessageType, Limit = 1000 }, cancellation);
        var letters = pages.SelectMany(p => p.Envelopes).ToList();
        var ids = letters.Select(l => (l.Message as PortalFeedDue)?.DossierId).OfType<Guid>().Distinct().ToArray();
        var receiptNos = (await session.LoadManyAsync<Dossier>(cancellation, ids)).ToDictionary(d => d.Id, d => d.ReceiptNo);
        return Results.Ok(new PortalDeadLettersView(pages.Sum(p => p.TotalCount), [.. letters.Select(l =>
        {
            var dossierId = (l.Message as PortalFeedDue)?.DossierId;
            return new PortalDeadLetterView(l.Id, dossierId, dossierId is { } d ? receiptNos.GetValueOrDefault(d) : null,
                l.ExceptionMessage, l.ExceptionType, l.SentAt, l.Replayable);
        })]));
    }

    /// <summary>Puts dead letters back on the feed's queue (all of them, or those listed): each is delivered again as the dossier stands then.</summary>
    [ProducesResponseType<ReplayAnswer>(StatusCodes.Status202Accepted)]
    [WolverinePost("/api/admin/national-portal/dead-letters/replay")]
    public static async Task<IResult> Post(ReplayRequest? request, IWolverineRuntime runtime, CancellationToken cancellation)
    {
        var pages = await runtime.Stores.FetchDeadLetterEnvelopesAsync(
            new DeadLetterEnvelopeGetRequest { MessageType = MessageType, Limit = 10_000 }, cancellation);
        var parked = pages.SelectMany(p => p.Envelopes).Select(e => e.Id).ToHashSet();
        var wanted = request?.Ids is { Count: > 0 } ids ? ids : [.. parked];
        if (wanted.Where(id => !parked.Contains(id)).ToArray() is { Length: > 0 } unknown)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter.",
                detail: $"No delivery of the national-portal feed is parked as {string.Join(", ", unknown)}.");
        }

        if (wanted.Count > 0)
        {
            await runtime.Storage.DeadLetters.ReplayAsync(new DeadLetterEnvelopeQuery([.. wanted]), cancellation);
        }

        return Results.Json(new ReplayAnswer(wanted.Count), statusCode: StatusCodes.Status202Accepted);
    }
}

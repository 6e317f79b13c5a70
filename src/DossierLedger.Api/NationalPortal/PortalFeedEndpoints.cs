using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Http;
using DossierLedger.Api.Projections;
using DossierLedger.Domain.NationalPortal;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.NationalPortal;

/// <summary>One delivery as an auditor reads it: what was sent, the portal's answer, and when it was recorded.</summary>
/// <param name="Kind"><c>record</c>, <c>steps</c> or <c>refused</c>.</param>
/// <param name="Hash">The SHA-256 of what was sent (the record's fingerprint, or the steps' payload).</param>
/// <param name="ThroughVersion">For steps: the dossier version of the last step the portal accepted.</param>
public sealed record PortalDeliveryView(string Kind, Instant AnsweredAt, Instant RecordedAt, string? Service, string Hash, string Answer,
    bool? Update, long? ThroughVersion, int? Steps);

/// <summary>A dossier's deliveries to the national portal, and whether the portal is up to date with it.</summary>
/// <param name="CurrentFingerprint">The hash of the record the portal should have now.</param>
/// <param name="RecordVersion">The version of the dossier's latest change of record; <c>HistoryVersion</c>, of its latest history step.</param>
public sealed record PortalDossierView(Guid DossierId, string ReceiptNo, bool Synchronised, string CurrentFingerprint, long RecordVersion,
    long HistoryVersion, IReadOnlyList<PortalDeliveryView> Deliveries);

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

        // The knowledge is folded from the very deliveries listed, so the list and the verdict are read at one instant.
        var events = await session.Events.FetchStreamAsync(PortalKnowledge.StreamIdOf(id), token: cancellation);
        var deliveries = events.Select(e => View(e.Data as IPortalDeliveryEvent, Instant.FromDateTimeOffset(e.Timestamp))).ToList();
        var knowledge = events.Select(e => (IPortalDeliveryEvent)e.Data).Aggregate(PortalKnowledge.None(id), (k, e) => k.Evolve(e));
        var fingerprint = PortalWire.Fingerprint(wire.Record(PortalRecord.Of(dossier)));
        return Results.Ok(new PortalDossierView(id, dossier.ReceiptNo, knowledge.IsSynchronised(dossier.RecordVersion, dossier.HistoryVersion),
            fingerprint, dossier.RecordVersion, dossier.HistoryVersion, deliveries));
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
    /// <summary>The deliveries parked as dead letters, oldest first, each with the portal's answer or the last failure.</summary>
    [ProducesResponseType<PortalDeadLettersView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/admin/national-portal/dead-letters")]
    public static async Task<IResult> Get(PortalDeadLetters deadLetters, CancellationToken cancellation) =>
        Results.Ok(await deadLetters.ListAsync(cancellation));

    /// <summary>Puts dead letters back on the feed's queue (all of them, or those listed): each is delivered again as the dossier stands then.</summary>
    [ProducesResponseType<ReplayAnswer>(StatusCodes.Status202Accepted)]
    [WolverinePost("/api/admin/national-portal/dead-letters/replay")]
    public static async Task<IResult> Post(ReplayRequest? request, PortalDeadLetters deadLetters, CancellationToken cancellation)
    {
        var (replayed, unknown) = await deadLetters.ReplayAsync(request?.Ids ?? [], cancellation);
        return unknown.Count > 0
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter.",
                detail: $"No delivery of the national-portal feed is parked as {string.Join(", ", unknown)}.")
            : Results.Json(new ReplayAnswer(replayed), statusCode: StatusCodes.Status202Accepted);
    }
}

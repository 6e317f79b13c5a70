using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

public sealed record ChannelCorrectionRequest(long? Version, string? Supersedes, string? Channel, string? Reason) : ILifecycleRequest
{
    public string? At => null;
}

public sealed record ResolutionCorrectionRequest(long? Version, string? Supersedes, string? ResolvedAt, string? Reason) : ILifecycleRequest
{
    public string? At => null;
}

public sealed record VoidRequest(long? Version, string? Supersedes, string? Reason) : ILifecycleRequest
{
    public string? At => null;
}

/// <summary>
/// Corrections of mistaken entries. Each names the event it supersedes (its <c>eventId</c> in the audit
/// trail) and why; it is recorded now, by the acting user, and appended: nothing is updated or deleted.
/// </summary>
public static class CorrectionEndpoints
{
    /// <summary>The dossier came in through another channel than recorded: supersedes its receipt's channel.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/corrections/channel")]
    public static async Task<IResult> CorrectChannel(Guid id, ChannelCorrectionRequest request, IDocumentSession session,
        DossierDecider decider, IClock clock, HttpContext http, ILogger<ChannelCorrectionRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var (superseded, reason) = Read(errors, request?.Supersedes, request?.Reason);
        var channel = request is null ? null : errors.Choice("channel", request.Channel, ReceiveDossierEndpoint.Channels, required: true);
        var found = await FindAsync(session, id, superseded, cancellation);
        return await DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, _, now) => decider.Decide(dossier, new CorrectChannel(found!, channel!.Value, reason!), now), cancellation);
    }

    /// <summary>The dossier was resolved at another instant than recorded: supersedes its resolution.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/corrections/resolution")]
    public static async Task<IResult> CorrectResolution(Guid id, ResolutionCorrectionRequest request, IDocumentSession session,
        DossierDecider decider, IClock clock, HttpContext http, ILogger<ResolutionCorrectionRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var (superseded, reason) = Read(errors, request?.Supersedes, request?.Reason);
        var resolvedAt = request is null ? null : errors.RequiredInstant("resolvedAt", request.ResolvedAt);
        var found = await FindAsync(session, id, superseded, cancellation);
        return await DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, _, now) => decider.Decide(dossier, new CorrectResolution(found!, resolvedAt!.Value, reason!), now), cancellation);
    }

    /// <summary>The dossier should never have been recorded (entered twice): it leaves every view and figure.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/corrections/void")]
    public static async Task<IResult> Void(Guid id, VoidRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<VoidRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var (superseded, reason) = Read(errors, request?.Supersedes, request?.Reason);
        var found = await FindAsync(session, id, superseded, cancellation);
        return await DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, _, now) => decider.Decide(dossier, new VoidDossier(found!, reason!), now), cancellation);
    }

    private static (Guid? Superseded, string? Reason) Read(InputErrors errors, string? supersedes, string? reason)
    {
        Guid? superseded = null;
        if (string.IsNullOrWhiteSpace(supersedes))
        {
            errors.Add("supersedes", "is required: the eventId of the entry being corrected (see the audit trail).");
        }
        else if (Guid.TryParse(supersedes, out var eventId))
        {
            superseded = eventId;
        }
        else
        {
            errors.Add("supersedes", "must be an event id (a GUID).");
        }

        return (superseded, errors.Required("reason", reason, 2000));
    }

    /// <summary>The superseded event as found in this dossier's stream, or a marker that it is not there.</summary>
    private static async Task<SupersededEvent?> FindAsync(IDocumentSession session, Guid id, Guid? eventId, CancellationToken cancellation)
    {
        if (eventId is not { } wanted)
        {
            return null;
        }

        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        return new SupersededEvent(wanted, events.FirstOrDefault(e => e.Id == wanted)?.Data as IDossierEvent);
    }
}

using DossierLedger.Api.Http;
using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Dossiers;

// Corrections of mistaken entries. Each names the event it supersedes (its eventId in the audit trail) and why; it is
// recorded now, by the acting user, and appended: nothing is updated or deleted.
public sealed record ChannelCorrectionRequest(long? Version, string? Supersedes, string? Channel, string? Reason) : ICorrectionRequest
{
    public string? At => null;
}

public sealed record ResolutionCorrectionRequest(long? Version, string? Supersedes, string? ResolvedAt, string? Reason) : ICorrectionRequest
{
    public string? At => null;
}

public sealed record VoidRequest(long? Version, string? Supersedes, string? Reason) : ICorrectionRequest
{
    public string? At => null;
}

public static class ChannelCorrectionEndpoint
{
    public static Task<(CorrectChannel?, IResult)> ValidateAsync(
        ChannelCorrectionRequest? request, Instant now, Guid id, IDocumentSession session, CancellationToken cancellation) =>
        Corrections.ReadAsync(request, now, id, session,
            (body, errors) => errors.Choice<Channel>("channel", body.Channel, required: true),
            (superseded, reason, channel) => new CorrectChannel(superseded, channel!.Value, reason), cancellation);

    /// <summary>The dossier came in through another channel than recorded: supersedes its receipt's channel.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/corrections/channel")]
    public static (IResult, Events) Post(ChannelCorrectionRequest request, [NotBody] CorrectChannel command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class ResolutionCorrectionEndpoint
{
    public static Task<(CorrectResolution?, IResult)> ValidateAsync(
        ResolutionCorrectionRequest? request, Instant now, Guid id, IDocumentSession session, CancellationToken cancellation) =>
        Corrections.ReadAsync(request, now, id, session,
            (body, errors) => errors.RequiredInstant("resolvedAt", body.ResolvedAt),
            (superseded, reason, resolvedAt) => new CorrectResolution(superseded, resolvedAt!.Value, reason), cancellation);

    /// <summary>The dossier was resolved at another instant than recorded: supersedes its resolution.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/corrections/resolution")]
    public static (IResult, Events) Post(ResolutionCorrectionRequest request, [NotBody] CorrectResolution command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class VoidEndpoint
{
    public static Task<(VoidDossier?, IResult)> ValidateAsync(
        VoidRequest? request, Instant now, Guid id, IDocumentSession session, CancellationToken cancellation) =>
        Corrections.ReadAsync(request, now, id, session, (_, _) => true,
            (superseded, reason, _) => new VoidDossier(superseded, reason), cancellation);

    /// <summary>The dossier should never have been recorded (entered twice): it leaves every view and figure.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/corrections/void")]
    public static (IResult, Events) Post(VoidRequest request, [NotBody] VoidDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

/// <summary>
/// What every correction body carries besides its own fields: the event it supersedes and why. A correction happens when
/// it is recorded: its <c>At</c> is always null.
/// </summary>
public interface ICorrectionRequest : ILifecycleRequest
{
    string? Supersedes { get; }

    string? Reason { get; }
}

/// <summary>The Validate step the corrections share.</summary>
public static class Corrections
{
    /// <summary>
    /// Reads <c>supersedes</c>, <c>reason</c>, the correction's own <paramref name="fields"/> and the expected version
    /// (400 listing every bad field), then finds the superseded event in the dossier's stream: the command names it
    /// as found, or as not there.
    /// </summary>
    public static async Task<(TCommand?, IResult)> ReadAsync<TRequest, TFields, TCommand>(
        TRequest? request, Instant now, Guid id, IDocumentSession session,
        Func<TRequest, InputErrors, TFields> fields, Func<SupersededEvent, string, TFields, TCommand> command, CancellationToken cancellation)
        where TRequest : class, ICorrectionRequest
        where TCommand : DossierCommand
    {
        var (read, problem) = DossierWrites.Read(request, now,
            (body, errors) => new Correction<TFields>(
                EventIdOf(errors, body.Supersedes), errors.Required("reason", body.Reason, 2000), fields(body, errors)),
            (correction, _) => correction);
        if (read is null)
        {
            return (null, problem);
        }

        var events = await session.Events.FetchStreamAsync(id, token: cancellation);
        var superseded = new SupersededEvent(read.EventId!.Value, events.FirstOrDefault(e => e.Id == read.EventId)?.Data as IDossierEvent);
        return (command(superseded, read.Reason!, read.Fields), problem);
    }

    private static Guid? EventIdOf(InputErrors errors, string? supersedes)
    {
        if (string.IsNullOrWhiteSpace(supersedes))
        {
            errors.Add("supersedes", "is required: the eventId of the entry being corrected (see the audit trail).");
            return null;
        }

        if (Guid.TryParse(supersedes, out var eventId))
        {
            return eventId;
        }

        errors.Add("supersedes", "must be an event id (a GUID).");
        return null;
    }

    private sealed record Correction<TFields>(Guid? EventId, string? Reason, TFields Fields);
}

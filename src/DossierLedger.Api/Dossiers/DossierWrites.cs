using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using Marten;
using NodaTime;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// The one path every lifecycle command takes: load the dossier for writing, check the expected
/// version, let the decider rule, append what it decided. The transaction is committed by
/// Wolverine after the endpoint returns; a concurrent append then fails as a version conflict.
/// </summary>
public static class DossierWrites
{
    /// <summary>
    /// A lifecycle command over HTTP: the request's own fields were read into <paramref name="errors"/>;
    /// this reads the common ones (<c>at</c>, default now, and the expected <c>version</c>), answers 400 when
    /// anything is wrong, and otherwise lets <paramref name="decide"/> rule on the dossier at that instant.
    /// </summary>
    public static async Task<IResult> CommandAsync(
        IDocumentSession session,
        IClock clock,
        HttpContext http,
        ILogger logger,
        Guid id,
        ILifecycleRequest? request,
        InputErrors errors,
        Func<Dossier, Instant, Instant, Decision> decide,
        CancellationToken cancellation)
    {
        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return errors.ToResult();
        }

        var at = errors.Instant("at", request.At);
        var version = errors.Version("version", request.Version);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = clock.GetCurrentInstant();
        return await DecideAsync(session, http, logger, id, version, dossier => decide(dossier, at ?? now, now), cancellation);
    }

    public static async Task<IResult> DecideAsync(
        IDocumentSession session,
        HttpContext http,
        ILogger logger,
        Guid id,
        long? expectedVersion,
        Func<Dossier, Decision> decide,
        CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForWriting<Dossier>(id, cancellation);
        if (stream.Aggregate is not { } dossier)
        {
            return Problems.DossierNotFound(id);
        }

        if (!RequestActor.Of(http).MayActFor(dossier.UnitCode))
        {
            return Problems.OtherUnit(dossier.UnitCode);
        }

        var version = stream.CurrentVersion ?? 0;
        if (expectedVersion is { } expected && expected != version)
        {
            return Problems.VersionConflict(expected, version);
        }

        var decision = decide(dossier);
        if (decision.Violation is { } violation)
        {
            logger.LogInformation("Dossier {DossierId}: rejected by rule {Rule}", id, violation.Rule);
            return Problems.RuleViolated(violation);
        }

        RequestActor.Of(http).Stamp(session);
        stream.AppendMany(decision.Events.Cast<object>().ToArray());
        logger.LogInformation("Dossier {DossierId}: appended {EventTypes}", id, decision.Events.Select(e => e.GetType().Name).ToArray());
        var after = decision.Events.Aggregate(dossier, (state, e) => state.Evolve(e));
        return Results.Ok(DossierView.Of(after));
    }
}

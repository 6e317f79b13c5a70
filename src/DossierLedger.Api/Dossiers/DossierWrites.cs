using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using Marten;
using Marten.Services;
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
        LogWhenCommitted(session, logger, id, decision.Events);
        var after = decision.Events.Aggregate(dossier, (state, e) => state.Evolve(e));
        return Results.Ok(DossierView.Of(after));
    }

    /// <summary>
    /// Logs the append once the transaction holding it has committed: a write that then loses a race, or its
    /// database, has appended nothing, and its request's line says what it came to.
    /// </summary>
    public static void LogWhenCommitted(IDocumentSession session, ILogger logger, Guid id, IEnumerable<IDossierEvent> events)
    {
        var types = events.Select(e => e.GetType().Name).ToArray();
        session.Listeners.Add(new AfterCommit(() => logger.LogInformation("Dossier {DossierId}: appended {EventTypes}", id, types)));
    }

    private sealed class AfterCommit(Action action) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            action();
            return Task.CompletedTask;
        }
    }
}

using DossierLedger.Api.Http;
using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Marten;
using Marten.Services;
using NodaTime;
using Serilog;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// The steps every command on a received dossier takes, in Wolverine's aggregate handler workflow: the endpoint's
/// <c>Validate</c> reads its body into the command (<see cref="Read{TRequest, TFields, TCommand}"/>); Wolverine loads the
/// dossier's stream for writing (<c>[WriteAggregate] IEventStream&lt;Dossier&gt;</c>); <see cref="Before{TRequest}"/>
/// checks it (applied by <see cref="DossierWritePolicy"/>); the endpoint lets the decider rule
/// (<see cref="Decide"/>), and Wolverine appends the events and commits. A concurrent append then fails at commit,
/// answered as a version conflict.
/// </summary>
public static class DossierWrites
{
    /// <summary>
    /// The <c>Validate</c> step of a command on a received dossier: reads the body's own <paramref name="fields"/>, then
    /// <c>at</c> (default <paramref name="now"/>) and the expected <c>version</c>, and answers 400 listing every bad
    /// field, or goes on with the typed command <paramref name="command"/> builds.
    /// </summary>
    public static (TCommand?, IResult) Read<TRequest, TFields, TCommand>(
        TRequest? request, Instant now, Func<TRequest, InputErrors, TFields> fields, Func<TFields, Instant, TCommand> command)
        where TRequest : class, ILifecycleRequest
        where TCommand : class
    {
        var errors = new InputErrors();
        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return (null, errors.ToResult());
        }

        var read = fields(request, errors);
        var at = errors.Instant("at", request.At);
        errors.Version("version", request.Version);
        return errors.Any ? (null, errors.ToResult()) : (command(read, at ?? now), WolverineContinue.Result());
    }

    /// <summary>The <c>Validate</c> step of a command with no fields of its own.</summary>
    public static (TCommand?, IResult) Read<TRequest, TCommand>(TRequest? request, Instant now, Func<Instant, TCommand> command)
        where TRequest : class, ILifecycleRequest
        where TCommand : class =>
        Read(request, now, (_, _) => true, (_, at) => command(at));

    /// <summary>
    /// Before any command on a loaded dossier (applied by <see cref="DossierWritePolicy"/>): 404 for an unknown dossier,
    /// 403 for another unit's, 409 for a stale expected version; otherwise the acting user is stamped on what the
    /// session appends, and what it appends goes on the request's log line once committed.
    /// </summary>
    public static IResult Before<TRequest>(
        TRequest request, IEventStream<Dossier> dossier, HttpContext http, IDocumentSession session, IDiagnosticContext requestLine)
        where TRequest : ILifecycleRequest
    {
        if (dossier.Aggregate is not { } state)
        {
            return Problems.DossierNotFound(dossier.Id);
        }

        var actor = RequestActor.Of(http);
        // The authority holding the dossier acts on it; after a hand-over, that is no longer the one that received it.
        if (!actor.MayActFor(state.AuthorityCode))
        {
            return Problems.OtherUnit(state.AuthorityCode);
        }

        var version = dossier.CurrentVersion ?? 0;
        if (request.Version is { } expected && expected != version)
        {
            return Problems.VersionConflict(expected, version);
        }

        actor.Stamp(session);
        NoteWhenCommitted(session, requestLine, dossier.Id);
        return WolverineContinue.Result();
    }

    /// <summary>
    /// The handler's part: the decider rules on the command; the answer is the dossier's view after the events, which
    /// Wolverine appends to the stream and commits, or the 409 naming the broken rule (the request's log line names it).
    /// </summary>
    public static (IResult, Events) Decide(IEventStream<Dossier> dossier, DossierCommand command, DossierDecider decider, Instant now)
    {
        var state = dossier.Aggregate!;
        var decision = decider.Decide(state, command, now);
        if (decision.Violation is { } violation)
        {
            return (Problems.RuleViolated(violation), []);
        }

        var after = decision.Events.Aggregate(state, (folded, e) => folded.Evolve(e));
        return (Results.Ok(DossierView.Of(after)), [.. decision.Events]);
    }

    /// <summary>
    /// Puts what the session appends to dossier <paramref name="id"/> on the request's log line once its transaction has
    /// committed (properties <c>DossierId</c> and <c>Appended</c>): a write that then loses a race, or its database, has
    /// appended nothing. A line of its own per command cost the API 5 % of its CPU under load, most of it waiting for
    /// the console.
    /// </summary>
    public static void NoteWhenCommitted(IDocumentSession session, IDiagnosticContext requestLine, Guid id) =>
        session.Listeners.Add(new AfterCommit(commit =>
        {
            var types = commit.GetStreams().Where(s => s.Id == id).SelectMany(s => s.Events).Select(e => e.Data.GetType().Name).ToArray();
            if (types.Length > 0)
            {
                requestLine.Set("DossierId", id);
                requestLine.Set("Appended", types);
            }
        }));

    private sealed class AfterCommit(Action<IChangeSet> action) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            action(commit);
            return Task.CompletedTask;
        }
    }
}

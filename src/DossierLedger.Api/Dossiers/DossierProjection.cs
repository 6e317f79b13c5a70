using System.Runtime.CompilerServices;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// Stores each dossier's current state as a document, updated in the same transaction as its events (inline mode)
/// or soon after by the async daemon (async mode),
/// by folding with the domain's own <see cref="Dossier.Evolve"/>: one fold for deciding, viewing and replaying.
/// In the same transaction it moves the report counters by the difference the new events made to the dossier's
/// <see cref="DossierFacts"/> (<see cref="CounterChanges"/>): the document and the counters never disagree.
/// </summary>
public sealed class DossierProjection(DateTimeZone zone) : SingleStreamProjection<Dossier, Guid>
{
    /// <summary>
    /// The facts each new snapshot's dossier was counted with before its slice, computed from the snapshot Marten folded
    /// the slice onto: reading them back from the facts table was a round trip of its own in every command.
    /// </summary>
    private readonly ConditionalWeakTable<Dossier, Counted> countedBefore = [];

    private sealed record Counted(IReadOnlyList<DossierFacts> Facts);

    /// <summary>
    /// Folds the slice onto the stored snapshot with the domain's <see cref="Dossier.Evolve"/>, and keeps the facts the
    /// snapshot was counted with for <see cref="RaiseSideEffects"/> (Marten lets a projection override this or its
    /// per-event fold, not both).
    /// </summary>
    public override ValueTask<(Dossier?, ActionType)> DetermineActionAsync(IQuerySession session, Dossier? snapshot, Guid identity,
        IIdentitySetter<Dossier, Guid> identitySetter, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var dossier = snapshot;
        foreach (var e in events)
        {
            if (e.Data is IDossierEvent dossierEvent)
            {
                dossier = Dossier.Next(dossier, dossierEvent);
            }
        }

        if (dossier is null)
        {
            return ValueTask.FromResult<(Dossier?, ActionType)>((null, ActionType.Nothing));
        }

        countedBefore.AddOrUpdate(dossier, new Counted(snapshot is null ? [] : DossierFacts.Of(snapshot, zone)));
        return ValueTask.FromResult<(Dossier?, ActionType)>((dossier, ActionType.Store));
    }

    /// <summary>
    /// After the slice's events are folded: the facts the dossier was counted with (none when the slice starts its
    /// stream) against those it has now. Runs inline (the store enables side effects there) and in the async daemon.
    /// </summary>
    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<Dossier> slice)
    {
        if (slice.Snapshot is not { } dossier)
        {
            return ValueTask.CompletedTask;
        }

        if (!countedBefore.TryGetValue(dossier, out var counted))
        {
            throw new InvalidOperationException($"Dossier {dossier.Id}'s slice was not folded by {nameof(DetermineActionAsync)}: what it counted before is unknown.");
        }

        var before = counted.Facts;
        var after = DossierFacts.Of(dossier, zone);
        if (!before.SequenceEqual(after))
        {
            DossierFactsTable.Queue(operations, dossier.Id, before, after);
            var changes = new CounterChanges();
            changes.Add(before, after);
            CounterTables.Queue(operations, changes);
        }

        return ValueTask.CompletedTask;
    }
}

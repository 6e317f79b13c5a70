using DossierLedger.Api.Reports;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using JasperFx.Events;
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
    public override Dossier? Evolve(Dossier? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, IDossierEvent first) => Dossier.Start(first),
        (not null, IDossierEvent dossierEvent) => snapshot.Evolve(dossierEvent),
        _ => snapshot,
    };

    /// <summary>
    /// After the slice's events are folded: the facts the dossier was counted with (none when the slice starts its
    /// stream) against those it has now. Runs inline (the store enables side effects there) and in the async daemon.
    /// </summary>
    public override async ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<Dossier> slice)
    {
        if (slice.Snapshot is not { } dossier)
        {
            return;
        }

        var before = slice.Events()[0].Data is IDossierEvent first && Dossier.Opens(first)
            ? null
            : await DossierFactsTable.LoadAsync(operations, dossier.Id, CancellationToken.None);
        var after = DossierFacts.Of(dossier, zone);
        if (Equals(before, after))
        {
            return;
        }

        DossierFactsTable.Queue(operations, dossier.Id, after);
        var changes = new CounterChanges();
        changes.Add(before, after);
        CounterTables.Queue(operations, changes);
    }
}

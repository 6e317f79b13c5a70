using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// Stores each dossier's current state as a document, updated in the same transaction as its events (inline mode)
/// or soon after by the async daemon (async mode),
/// by folding with the domain's own <see cref="Dossier.Evolve"/>: one fold for deciding, viewing and replaying.
/// </summary>
public sealed class DossierProjection : SingleStreamProjection<Dossier, Guid>
{
    public override Dossier? Evolve(Dossier? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, IDossierEvent first) => Dossier.Start(first),
        (not null, IDossierEvent dossierEvent) => snapshot.Evolve(dossierEvent),
        _ => snapshot,
    };
}

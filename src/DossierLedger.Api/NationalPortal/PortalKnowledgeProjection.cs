using DossierLedger.Domain.NationalPortal;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// What the portal knows of each dossier (<see cref="PortalKnowledge"/>), kept inline with the delivery events, by the
/// domain's own fold: a delivery reads it, in the transaction that records the next answers, to know what is still due.
/// </summary>
public sealed class PortalKnowledgeProjection : SingleStreamProjection<PortalKnowledge, Guid>
{
    public PortalKnowledgeProjection()
    {
        IncludeType<PortalRecordAccepted>();
        IncludeType<PortalStepsAccepted>();
        IncludeType<PortalDeliveryRejected>();
    }

    public override PortalKnowledge Evolve(PortalKnowledge? snapshot, Guid id, IEvent e) => e.Data is IPortalDeliveryEvent delivery
        ? (snapshot ?? PortalKnowledge.None(delivery.DossierId)).Evolve(delivery)
        : snapshot ?? throw new InvalidOperationException($"Delivery stream {id} holds a {e.Data.GetType().Name}.");
}

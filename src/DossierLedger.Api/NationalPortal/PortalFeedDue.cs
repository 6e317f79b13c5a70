
namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// The portal may lack something of dossier <paramref name="DossierId"/>: published through Wolverine's durable outbox in
/// the transaction of each dossier event (so it exists exactly when the event does), and handled by
/// <see cref="PortalFeedHandler"/>, which sends whatever the portal lacks by then.
/// </summary>
public sealed record PortalFeedDue(Guid DossierId);

/// <summary>Delivers a dossier to the portal; a refusal is parked, with the portal's answer, as a dead letter.</summary>
public static class PortalFeedHandler
{
    public const string Queue = "national-portal";

    public static async Task Handle(PortalFeedDue message, PortalDelivery delivery, CancellationToken cancellation)
    {
        var outcome = (await delivery.DeliverAsync([message.DossierId], cancellation))[0];
        if (outcome is { Kind: PortalOutcomeKind.Refused, Refusal: { } answer })
        {
            throw new PortalRefusedException(outcome.DossierId, outcome.ReceiptNo ?? "", outcome.Service ?? "", answer);
        }
    }
}

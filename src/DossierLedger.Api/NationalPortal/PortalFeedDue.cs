
namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// The portal may lack something of dossier <paramref name="DossierId"/>: published through Wolverine's durable outbox in
/// the transaction of each dossier event (so it exists exactly when the event does), and handled by
/// <see cref="PortalFeedHandler"/>, which sends whatever the portal lacks by then.
/// </summary>
public sealed record PortalFeedDue(Guid DossierId);

/// <summary>
/// Delivers dossiers to the portal in batches: the messages that arrived within a moment (up to
/// <see cref="NationalPortalSettings.RecordsPerCall"/>, however many events of a dossier they stand for) are one
/// delivery, so a busy desk's changes cost a few calls and one transaction rather than a delivery each. A refusal fails
/// the batch; Wolverine then runs each of its messages alone, so only the refused dossier's message is parked, with the
/// portal's answer, as a dead letter.
/// </summary>
public static class PortalFeedHandler
{
    public const string Queue = "national-portal";

    public static async Task Handle(PortalFeedDue[] batch, PortalDelivery delivery, CancellationToken cancellation)
    {
        var outcomes = await delivery.DeliverAsync([.. batch.Select(m => m.DossierId).Distinct()], cancellation);
        if (outcomes.FirstOrDefault(o => o.Kind == PortalOutcomeKind.Refused) is { Refusal: { } answer } refused)
        {
            throw new PortalRefusedException(refused.DossierId, refused.ReceiptNo ?? "", refused.Service ?? "", answer);
        }
    }
}

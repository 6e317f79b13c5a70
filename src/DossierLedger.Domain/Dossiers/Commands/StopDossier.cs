using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Dừng xử lý: stopped by formal notice, which gives a reason; <paramref name="SupplementLapsed"/> when it is because the
/// supplement did not come by its deadline.
/// </summary>
public sealed record StopDossier(Instant At, string Reason, bool SupplementLapsed = false) : DossierChange(At), IDecides<DossierStopped>, IFromHistoryRow
{
    /// <summary>A stop (like a withdrawal) may also end a paused dossier; one for a lapsed supplement only once its deadline passed.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier)
        ?? (SupplementLapsed && !(dossier.Status == DossierStatus.AwaitingSupplement && dossier.SupplementDueAt < At)
            ? Decision.Reject(DossierRules.SupplementNotLapsed, dossier.SupplementDueAt is { } due && dossier.Status == DossierStatus.AwaitingSupplement
                ? $"Dossier {dossier.ReceiptNo}'s supplement is due by {due}: it has not lapsed at {At}."
                : $"Dossier {dossier.ReceiptNo} is not waiting for a supplement with a deadline.")
            : null)
        ?? Decision.Accept(new DossierStopped(dossier.Id, At, Reason, SupplementLapsed));

    public static DossierCommand FromRow(HistoryRow row) => new StopDossier(row.At, row.Required(ImportColumns.Reason, row.Values.Reason));
}

using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The supplement arrived.</summary>
public sealed record ReceiveSupplement(Instant At) : DossierChange(At), IDecides<SupplementReceived>, IFromHistoryRow
{
    /// <summary>The clock resumes with the working time that was left.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier)
        ?? (dossier.Status != DossierStatus.AwaitingSupplement
            ? Decision.Reject(DossierRules.NotAwaitingSupplement, $"Dossier {dossier.ReceiptNo} is not waiting for a supplement.")
            : Decision.Accept(new SupplementReceived(dossier.Id, At, decider.ResumedDue(dossier, At), decider.ResumedStepDue(dossier, At))));

    public static DossierCommand FromRow(HistoryRow row) => new ReceiveSupplement(row.At);
}

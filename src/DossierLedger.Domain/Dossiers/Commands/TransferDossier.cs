using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Liên thông: sent to another agency or level for its part.</summary>
public sealed record TransferDossier(Instant At, string Agency) : DossierChange(At), IDecides<DossierTransferred>, IFromHistoryRow
{
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckProcessing(dossier)
        ?? (dossier.TransferredTo is { } current
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is already with {current}.")
            : Decision.Accept(new DossierTransferred(dossier.Id, At, Agency)));

    public static DossierCommand FromRow(HistoryRow row) => new TransferDossier(row.At, row.Required(ImportColumns.Agency, row.Values.Agency));
}

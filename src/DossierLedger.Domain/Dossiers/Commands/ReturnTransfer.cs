using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The other agency sent the dossier back.</summary>
public sealed record ReturnTransfer(Instant At) : DossierChange(At), IDecides<TransferReturned>, IFromHistoryRow
{
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier)
        ?? (dossier.TransferredTo is not { } agency
            ? Decision.Reject(DossierRules.NotTransferred, $"Dossier {dossier.ReceiptNo} was not sent to another agency.")
            : Decision.Accept(new TransferReturned(dossier.Id, At, agency)));

    public static DossierCommand FromRow(HistoryRow row) => new ReturnTransfer(row.At);
}

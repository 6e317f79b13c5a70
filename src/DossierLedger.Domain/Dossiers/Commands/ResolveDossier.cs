using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Đã xử lý xong: resolved; timeliness is judged against the due instant.</summary>
public sealed record ResolveDossier(Instant At) : DossierChange(At), IDecides<DossierResolved>, IFromHistoryRow
{
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckProcessing(dossier)
        ?? (dossier.TransferredTo is { } agency
            ? Decision.Reject(DossierRules.TransferPending, $"Dossier {dossier.ReceiptNo} is still with {agency}: record its return first.")
            : null)
        ?? Decision.Accept(new DossierResolved(dossier.Id, At, decider.Judge(dossier, At), decider.ProcessingTime(dossier, At)));

    public static DossierCommand FromRow(HistoryRow row) => new ResolveDossier(row.At);
}

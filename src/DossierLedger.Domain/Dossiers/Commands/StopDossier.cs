using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Dừng xử lý: stopped by formal notice, which gives a reason.</summary>
public sealed record StopDossier(Instant At, string Reason) : DossierChange(At), IDecides<DossierStopped>, IFromHistoryRow
{
    /// <summary>A stop (like a withdrawal) may also end a paused dossier.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier) ?? Decision.Accept(new DossierStopped(dossier.Id, At, Reason));

    public static DossierCommand FromRow(HistoryRow row) => new StopDossier(row.At, row.Required(ImportColumns.Reason, row.Values.Reason));
}

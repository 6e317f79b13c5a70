using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Rút hồ sơ: withdrawn at the applicant's request.</summary>
public sealed record WithdrawDossier(Instant At, string? Reason) : DossierChange(At), IDecides<DossierWithdrawn>, IFromHistoryRow
{
    /// <summary>Withdrawal (like a stop) may also end a paused dossier: an applicant who never supplies the documents.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckOpen(dossier) ?? Decision.Accept(new DossierWithdrawn(dossier.Id, At, Reason));

    public static DossierCommand FromRow(HistoryRow row) => new WithdrawDossier(row.At, row.Values.Reason);
}

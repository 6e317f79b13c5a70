using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Yêu cầu bổ sung: one complete list of what is missing.</summary>
public sealed record RequestSupplement(Instant At, string Items) : DossierChange(At), IDecides<SupplementRequested>, IFromHistoryRow
{
    /// <summary>Pauses the clock, remembering the working time that was left (none when already overdue).</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckProcessing(dossier) ?? Decision.Accept(new SupplementRequested(dossier.Id, At, Items, decider.RemainingAt(dossier, At)));

    public static DossierCommand FromRow(HistoryRow row) => new RequestSupplement(row.At, row.Required(ImportColumns.Items, row.Values.Items));
}

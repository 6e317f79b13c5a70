using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Chuyển xử lý: to a processing step (thẩm định, phê duyệt, …) and, optionally, an official.</summary>
public sealed record AssignDossier(Instant At, string Step, string? Assignee) : DossierChange(At), IDecides<DossierAssigned>, IFromHistoryRow
{
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckProcessing(dossier) ?? Decision.Accept(new DossierAssigned(dossier.Id, At, Step, Assignee));

    public static DossierCommand FromRow(HistoryRow row) =>
        new AssignDossier(row.At, row.Required(ImportColumns.Step, row.Values.Step), row.Values.Assignee);
}

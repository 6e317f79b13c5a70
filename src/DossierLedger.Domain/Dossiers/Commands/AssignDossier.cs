using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Chuyển xử lý: to a processing step (thẩm định, phê duyệt, …) and, optionally, an official, due by
/// <paramref name="DueAt"/> when a personal deadline is stated.
/// </summary>
public sealed record AssignDossier(Instant At, string Step, string? Assignee, Instant? DueAt = null) : DossierChange(At), IDecides<DossierAssigned>, IFromHistoryRow
{
    /// <summary>The step is due by the deadline stated, else by the step's budget in the procedure version at receipt.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider)
    {
        var stepDue = DueAt ?? decider.DueFrom(dossier, At, dossier.Deadlines?.BudgetOf(Step));
        return CheckProcessing(dossier)
            ?? CheckLater(stepDue, "step deadline")
            ?? Decision.Accept(new DossierAssigned(dossier.Id, At, Step, Assignee, stepDue));
    }

    public static DossierCommand FromRow(HistoryRow row) =>
        new AssignDossier(row.At, row.Required(ImportColumns.Step, row.Values.Step), row.Values.Assignee);
}

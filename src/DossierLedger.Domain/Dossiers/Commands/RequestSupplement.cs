using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Yêu cầu bổ sung: one complete list of what is missing, by <paramref name="RespondBy"/> when the desk states a date.</summary>
public sealed record RequestSupplement(Instant At, string Items, Instant? RespondBy = null) : DossierChange(At), IDecides<SupplementRequested>, IFromHistoryRow
{
    /// <summary>
    /// Pauses the clock, remembering the working time that was left (none when already overdue). The deadline is the one
    /// stated, else the procedure's supplement time limit counted from the request on the dossier's calendar.
    /// </summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider)
    {
        var respondBy = RespondBy ?? decider.DueFrom(dossier, At, dossier.Deadlines?.SupplementTimeLimit);
        return CheckProcessing(dossier)
            ?? CheckLater(respondBy, "supplement deadline")
            ?? Decision.Accept(new SupplementRequested(dossier.Id, At, Items, decider.RemainingAt(dossier, At), respondBy));
    }

    public static DossierCommand FromRow(HistoryRow row) => new RequestSupplement(row.At, row.Required(ImportColumns.Items, row.Values.Items));
}

using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Xin lỗi và hẹn lại: an apology with a new appointment.</summary>
public sealed record IssueApology(Instant At, Instant NewAppointmentAt, string Reason) : DossierChange(At), IDecides<ApologyIssued>, IFromHistoryRow
{
    /// <summary>Only before the due instant, at most once, and with a later appointment; the due date itself stays.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider)
    {
        // Not while paused: the due it is measured against moves when the clock resumes.
        if (CheckProcessing(dossier) is { } rejected)
        {
            return rejected;
        }

        if (dossier.ApologyAppointmentAt is { } earlier)
        {
            return Decision.Reject(DossierRules.ApologyAlreadyIssued, $"An apology with a new appointment ({earlier}) was already issued.");
        }

        if (At >= dossier.DueAt)
        {
            return Decision.Reject(DossierRules.ApologyAfterDue, $"An apology must come before the due instant {dossier.DueAt}.");
        }

        return NewAppointmentAt <= dossier.DueAt
            ? Decision.Reject(DossierRules.AppointmentNotLater, $"The new appointment must be after the due instant {dossier.DueAt}.")
            : Decision.Accept(new ApologyIssued(dossier.Id, At, NewAppointmentAt, Reason));
    }

    public static DossierCommand FromRow(HistoryRow row) => new IssueApology(
        row.At, row.Required(ImportColumns.NewAppointmentAt, row.Values.NewAppointmentAt), row.Required(ImportColumns.Reason, row.Values.Reason));
}

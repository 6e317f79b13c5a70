using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Gửi văn bản xin lỗi: sends the apology a leader approved. <paramref name="NewAppointmentAt"/> and
/// <paramref name="Reason"/>, when given, must be the approved draft's; left out, they are taken from it.
/// </summary>
/// <param name="FromHistory">An imported history's apology, sent under the system that kept it, whose approval the
/// history does not carry: it is recorded as sent without an approved draft in the ledger.</param>
public sealed record IssueApology(Instant At, Instant? NewAppointmentAt, string? Reason, bool FromHistory = false)
    : ApologyStep(At), IDecides<ApologyIssued>, IFromHistoryRow
{
    /// <summary>Only an approved draft, before the due instant, at most once, with a later appointment; the due date itself stays.</summary>
    private protected override Decision DecideStep(Dossier dossier)
    {
        if (FromHistory)
        {
            return CheckApology(dossier, NewAppointmentAt!.Value)
                ?? Decision.Accept(new ApologyIssued(dossier.Id, At, NewAppointmentAt.Value, Reason!));
        }

        if (dossier.PendingApology is not { Approved: true } approved)
        {
            return Decision.Reject(DossierRules.ApologyNotApproved, dossier.PendingApology is null
                ? $"Dossier {dossier.ReceiptNo} has no drafted apology: draft one and have a leader approve it first."
                : $"Dossier {dossier.ReceiptNo}'s drafted apology is not approved yet: a leader approves it first.");
        }

        if ((NewAppointmentAt ?? approved.NewAppointmentAt) != approved.NewAppointmentAt || (Reason ?? approved.Reason) != approved.Reason)
        {
            return Decision.Reject(DossierRules.ApologyNotApproved,
                $"The apology sent must be the one approved: new appointment {approved.NewAppointmentAt}, reason \"{approved.Reason}\".");
        }

        return CheckApology(dossier, approved.NewAppointmentAt)
            ?? Decision.Accept(new ApologyIssued(dossier.Id, At, approved.NewAppointmentAt, approved.Reason));
    }

    public static DossierCommand FromRow(HistoryRow row) => new IssueApology(
        row.At, row.Required(ImportColumns.NewAppointmentAt, row.Values.NewAppointmentAt), row.Required(ImportColumns.Reason, row.Values.Reason),
        FromHistory: true);
}

using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Dự thảo văn bản xin lỗi: a clerk drafts an apology with a new appointment, for a leader to approve.</summary>
public sealed record DraftApology(Instant At, Instant NewAppointmentAt, string Reason) : ApologyStep(At), IDecides<ApologyDrafted>, IFromHistoryRow
{
    /// <summary>Drafted under the rules the sent apology must meet, so an approved draft can be sent.</summary>
    private protected override Decision DecideStep(Dossier dossier) =>
        CheckApology(dossier, NewAppointmentAt) ?? Decision.Accept(new ApologyDrafted(dossier.Id, At, NewAppointmentAt, Reason));

    public static DossierCommand FromRow(HistoryRow row) => new DraftApology(
        row.At, row.Required(ImportColumns.NewAppointmentAt, row.Values.NewAppointmentAt), row.Required(ImportColumns.Reason, row.Values.Reason));
}

/// <summary>Lãnh đạo phê duyệt: a leader approves the drafted apology (the endpoint admits leaders only).</summary>
public sealed record ApproveApology(Instant At) : ApologyStep(At), IDecides<ApologyApproved>, IFromHistoryRow
{
    private protected override Decision DecideStep(Dossier dossier) => dossier.PendingApology switch
    {
        null => Decision.Reject(DossierRules.NoApologyDraft, $"Dossier {dossier.ReceiptNo} has no drafted apology to approve."),
        { Approved: true } => Decision.Reject(DossierRules.ApologyAlreadyApproved, $"Dossier {dossier.ReceiptNo}'s drafted apology is already approved."),
        var draft => CheckApology(dossier, draft.NewAppointmentAt) ?? Decision.Accept(new ApologyApproved(dossier.Id, At)),
    };

    public static DossierCommand FromRow(HistoryRow row) => new ApproveApology(row.At);
}

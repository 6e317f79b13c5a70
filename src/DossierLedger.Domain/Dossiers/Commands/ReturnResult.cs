using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>Trả kết quả: the result handed to the applicant, after resolution.</summary>
public sealed record ReturnResult(Instant At, ResultReturnMethod Method) : DossierChange(At), IDecides<ResultReturned>, IFromHistoryRow
{
    /// <summary>Status first, so a return before the resolution is named as such rather than as out of order.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) => dossier.Status switch
    {
        DossierStatus.Refused => Decision.Reject(DossierRules.DossierRefused,
            $"Dossier {dossier.ReceiptNo} was refused at intake: nothing more happens to it."),
        DossierStatus.ResultReturned => Decision.Reject(DossierRules.ResultAlreadyReturned,
            $"The result of dossier {dossier.ReceiptNo} was already returned at {dossier.ResultReturnedAt}."),
        not DossierStatus.Resolved => Decision.Reject(DossierRules.ResultBeforeResolution,
            $"Dossier {dossier.ReceiptNo} is {dossier.Status.ToApiName()}: a result is returned only after resolution."),
        _ when At < dossier.ResolvedAt => Decision.Reject(DossierRules.ResultBeforeResolution,
            $"The result cannot be returned at {At}, before the resolution at {dossier.ResolvedAt}."),
        _ => CheckRecordable(dossier) ?? Decision.Accept(new ResultReturned(dossier.Id, At, Method)),
    };

    public static DossierCommand FromRow(HistoryRow row) =>
        new ReturnResult(row.At, row.Required(ImportColumns.ReturnMethod, row.Values.ReturnMethod));
}

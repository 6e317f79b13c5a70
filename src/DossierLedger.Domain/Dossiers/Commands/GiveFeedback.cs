using DossierLedger.Domain.Import;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>The applicant's rating (hài lòng / không hài lòng) or a complaint.</summary>
public sealed record GiveFeedback(Instant At, FeedbackRating Rating, string? Comment) : DossierChange(At), IDecides<FeedbackGiven>, IFromHistoryRow
{
    /// <summary>Feedback may come at any time after receipt, closed dossiers included.</summary>
    internal override Decision Decide(Dossier dossier, Instant now, DossierDecider decider) =>
        CheckRecordable(dossier) ?? Decision.Accept(new FeedbackGiven(dossier.Id, At, Rating, Comment));

    public static DossierCommand FromRow(HistoryRow row) =>
        new GiveFeedback(row.At, row.Required(ImportColumns.Rating, row.Values.Rating), row.Values.Comment);
}

using NodaTime;

namespace DossierLedger.Domain.Reconciliation;

/// <summary>
/// A hand-typed report submitted for reconciliation: what was typed, for which unit and dates, by whom and when, and the
/// SHA-256 of the submission, so an auditor can later see what was sent upward and compare it again with the ledger as
/// it stood then. The only event of its own stream.
/// </summary>
/// <param name="UnitCode">The unit the report is for; null for the whole ledger.</param>
/// <param name="Hash">SHA-256 (hex) of the submission's canonical JSON: unit, dates and figures.</param>
public sealed record TypedReportSubmitted(
    Guid SubmissionId, string? UnitCode, LocalDate From, LocalDate To, IReadOnlyList<TypedFigure> Figures, string SubmittedBy, Instant SubmittedAt, string Hash);

using NodaTime;

namespace DossierLedger.Domain.Reconciliation;

/// <summary>
/// A hand-typed report submitted for reconciliation: what was typed, for which unit and dates, by whom and when, and the
/// SHA-256 of the submission, so an auditor can later see what was sent upward and compare it again with the ledger as
/// it stood then. The only event of its own stream.
/// </summary>
/// <param name="UnitCode">The unit the report is for; null for the whole ledger.</param>
/// <param name="Hash">SHA-256 (hex) of the submission's canonical JSON: unit, dates and figures.</param>
/// <param name="Folding">How the official Biểu 06 cells it names are counted (<c>peer</c>, <c>as-on-time</c>); null on submissions recorded before it was kept.</param>
/// <param name="File">The Biểu 06 file the figures were read from; null when they were sent as JSON.</param>
public sealed record TypedReportSubmitted(
    Guid SubmissionId, string? UnitCode, LocalDate From, LocalDate To, IReadOnlyList<TypedFigure> Figures, string SubmittedBy, Instant SubmittedAt, string Hash,
    string? Folding = null, SubmittedFile? File = null);

/// <summary>A file a typed report was read from, as uploaded: its format (<c>xlsx</c>, <c>csv</c>), the name the builder gave it, its size and SHA-256 (hex) of its bytes.</summary>
public sealed record SubmittedFile(string Format, string? Name, long Bytes, string Sha256);

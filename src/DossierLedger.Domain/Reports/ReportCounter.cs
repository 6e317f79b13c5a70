namespace DossierLedger.Domain.Reports;

/// <summary>
/// The per-day counters the report is built from. A dossier adds one to a few of them on the days
/// things happened to it; the numbers are stable (they are stored) and must not be reordered.
/// </summary>
public enum ReportCounter
{
    ReceivedDirect = 0,
    ReceivedOnline = 1,
    ReceivedPostal = 2,
    ResolvedEarly = 3,
    ResolvedOnTime = 4,
    ResolvedOverdue = 5,
    Withdrawn = 6,
    Stopped = 7,

    /// <summary>Counted on the due date: from the end of that day an open dossier is overdue.</summary>
    OverdueStarted = 8,

    /// <summary>Counted on the later of due date and closing date: the dossier stops being an open overdue one.</summary>
    OverdueEnded = 9,
}

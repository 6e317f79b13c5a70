namespace DossierLedger.Domain.Reports;

/// <summary>How a dossier left the desk's open work; the value is the national status code.</summary>
public enum Closure
{
    Withdrawn = 7,
    Stopped = 8,
    Resolved = 9,
}

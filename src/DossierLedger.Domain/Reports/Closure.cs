namespace DossierLedger.Domain.Reports;

/// <summary>How a dossier left an authority's open work; the value is the national status code where there is one.</summary>
public enum Closure
{
    Withdrawn = 7,
    Stopped = 8,
    Resolved = 9,

    /// <summary>Handed over to another authority, which carries it on: no national status, the ledger's own code.</summary>
    HandedOver = 20,
}

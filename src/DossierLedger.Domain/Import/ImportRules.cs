namespace DossierLedger.Domain.Import;

/// <summary>
/// The names of the import's own rules, as the rejects report shows them. Lifecycle rules keep their
/// <see cref="Dossiers.DossierRules"/> names: an imported history obeys the same rules as the API.
/// </summary>
public static class ImportRules
{
    /// <summary>A value that does not read (not a number, not an instant, an unknown code).</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>A value the step needs is missing.</summary>
    public const string MissingValue = "missing-value";

    /// <summary>A value longer than the ledger keeps.</summary>
    public const string TooLong = "too-long";

    /// <summary>The dossier's first step (in time) is not its receipt or its refusal at intake.</summary>
    public const string HistoryWithoutReceipt = "history-without-receipt";

    /// <summary>A second receipt or refusal in one dossier's history.</summary>
    public const string SecondReceipt = "second-receipt";

    /// <summary>The procedure code is not in the catalogue, or its first version was not yet in force at receipt.</summary>
    public const string UnknownProcedure = "unknown-procedure";

    /// <summary>A later row names another procedure or channel than the receipt did.</summary>
    public const string InconsistentDossier = "inconsistent-dossier";

    /// <summary>The status code and the named action say different things.</summary>
    public const string ActionMismatch = "action-mismatch";
}

namespace DossierLedger.Domain.Dossiers;

/// <summary>The names of the lifecycle rules, as clients see them in problem responses.</summary>
public static class DossierRules
{
    public const string InstantInFuture = "instant-in-future";
    public const string BeforeReceipt = "before-receipt";
    public const string DossierClosed = "dossier-closed";
    public const string ResultBeforeResolution = "result-before-resolution";
    public const string ResultAlreadyReturned = "result-already-returned";
    public const string DuplicateReceiptNo = "duplicate-receipt-number";
}

namespace DossierLedger.Domain.Dossiers;

/// <summary>The names of the lifecycle rules, as clients see them in problem responses.</summary>
public static class DossierRules
{
    public const string InstantInFuture = "instant-in-future";
    public const string BeforeReceipt = "before-receipt";
    public const string BeforePreviousEvent = "before-previous-event";
    public const string DossierClosed = "dossier-closed";
    public const string DossierRefused = "dossier-refused";
    public const string DossierPaused = "dossier-paused";
    public const string AwaitingPayment = "awaiting-payment";
    public const string NotAwaitingSupplement = "not-awaiting-supplement";
    public const string NotAwaitingPayment = "not-awaiting-payment";
    public const string TransferPending = "transfer-pending";
    public const string NotTransferred = "not-transferred";
    public const string ApologyAfterDue = "apology-after-due";
    public const string ApologyAlreadyIssued = "apology-already-issued";
    public const string AppointmentNotLater = "appointment-not-later";
    public const string ResultBeforeResolution = "result-before-resolution";
    public const string ResultAlreadyReturned = "result-already-returned";
    public const string DuplicateReceiptNo = "duplicate-receipt-number";
    public const string DossierVoided = "dossier-voided";
    public const string SupersededEventNotFound = "superseded-event-not-found";
    public const string WrongSupersededEvent = "wrong-superseded-event";
    public const string ResolutionAfterResult = "resolution-after-result";
    public const string HandOverToCurrentAuthority = "hand-over-to-current-authority";
    public const string DeadlineNotLater = "deadline-not-later";
    public const string SupplementNotLapsed = "supplement-not-lapsed";
}

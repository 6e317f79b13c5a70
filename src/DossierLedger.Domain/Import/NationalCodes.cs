using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Import;

/// <summary>
/// The national codes an imported history is written in (status, channel) and the names of the actions a row
/// can spell out, with what each maps to in the ledger. Codes and names are accepted alike where both exist.
/// </summary>
public static class NationalCodes
{
    /// <summary>The action a national status code stands for; status 4 is resolved against the dossier's state.</summary>
    public static StepAction? ActionOfStatus(int status) => status switch
    {
        1 => StepAction.Ignore,
        2 => StepAction.Receive,
        3 => StepAction.Refuse,
        4 => StepAction.InProcess,
        5 => StepAction.SupplementRequest,
        6 => StepAction.PaymentRequest,
        7 => StepAction.Withdraw,
        8 => StepAction.Stop,
        9 => StepAction.Resolve,
        10 => StepAction.ResultReturn,
        _ => null,
    };

    /// <summary>The status an action leaves the dossier in; null for the actions that do not change it.</summary>
    public static int? StatusOfAction(StepAction action) => action switch
    {
        StepAction.Ignore => 1,
        StepAction.Receive => 2,
        StepAction.Refuse => 3,
        StepAction.InProcess or StepAction.Assign or StepAction.Transfer or StepAction.TransferReturn
            or StepAction.SupplementReceived or StepAction.PaymentReceived => 4,
        StepAction.SupplementRequest => 5,
        StepAction.PaymentRequest => 6,
        StepAction.Withdraw => 7,
        StepAction.Stop => 8,
        StepAction.Resolve => 9,
        StepAction.ResultReturn => 10,
        StepAction.Apology or StepAction.Digitize or StepAction.Feedback => null,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown step: say which status it leaves."),
    };

    /// <summary>
    /// The step an event is in a national history: the action that records it in the import's <c>action</c> column, and
    /// with <see cref="StatusOfAction"/> the status the portal is told. What an export writes and an import reads back.
    /// Corrections are no step of their own (they change what earlier steps said). Every event type is named.
    /// </summary>
    public static StepAction? StepOf(IDossierEvent e) => e switch
    {
        DossierReceived => StepAction.Receive,
        IntakeRefused => StepAction.Refuse,
        DossierAssigned => StepAction.Assign,
        DossierTransferred => StepAction.Transfer,
        TransferReturned => StepAction.TransferReturn,
        SupplementRequested => StepAction.SupplementRequest,
        SupplementReceived => StepAction.SupplementReceived,
        PaymentRequested => StepAction.PaymentRequest,
        PaymentReceived => StepAction.PaymentReceived,
        DossierWithdrawn => StepAction.Withdraw,
        DossierStopped => StepAction.Stop,
        DossierResolved => StepAction.Resolve,
        ResultReturned => StepAction.ResultReturn,
        ApologyIssued => StepAction.Apology,
        DossierDigitized => StepAction.Digitize,
        FeedbackGiven => StepAction.Feedback,
        ICorrection => null,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown dossier event: name its national step."),
    };

    /// <summary>The names of the <c>action</c> column.</summary>
    public static readonly IReadOnlyDictionary<string, StepAction> Actions = new Dictionary<string, StepAction>(StringComparer.OrdinalIgnoreCase)
    {
        ["receive"] = StepAction.Receive,
        ["refuse"] = StepAction.Refuse,
        ["assign"] = StepAction.Assign,
        ["transfer"] = StepAction.Transfer,
        ["transfer-return"] = StepAction.TransferReturn,
        ["supplement-request"] = StepAction.SupplementRequest,
        ["supplement-received"] = StepAction.SupplementReceived,
        ["payment-request"] = StepAction.PaymentRequest,
        ["payment-received"] = StepAction.PaymentReceived,
        ["withdraw"] = StepAction.Withdraw,
        ["stop"] = StepAction.Stop,
        ["resolve"] = StepAction.Resolve,
        ["result-return"] = StepAction.ResultReturn,
        ["apology"] = StepAction.Apology,
        ["digitize"] = StepAction.Digitize,
        ["feedback"] = StepAction.Feedback,
    };

    /// <summary>The action's name in the <c>action</c> column.</summary>
    public static string NameOf(StepAction action) => action switch
    {
        StepAction.Ignore => "ignore",
        StepAction.InProcess => "in-process",
        _ => Actions.FirstOrDefault(a => a.Value == action).Key
            ?? throw new ArgumentOutOfRangeException(nameof(action), action, "A step without a name in the action column: add it to Actions."),
    };

    /// <summary>Channel codes 1 direct (trực tiếp), 2 online (trực tuyến), 3 postal (bưu chính công ích), or the names.</summary>
    public static readonly IReadOnlyDictionary<string, Channel> Channels = new Dictionary<string, Channel>(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = Channel.Direct,
        ["2"] = Channel.Online,
        ["3"] = Channel.Postal,
        ["direct"] = Channel.Direct,
        ["online"] = Channel.Online,
        ["postal"] = Channel.Postal,
    };

    /// <summary>Payment methods: 1 national portal, 2 provincial gateway, 3 cash, or the API's names.</summary>
    public static readonly IReadOnlyDictionary<string, PaymentMethod> PaymentMethods = new Dictionary<string, PaymentMethod>(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = PaymentMethod.NationalPortal,
        ["2"] = PaymentMethod.ProvincialGateway,
        ["3"] = PaymentMethod.Cash,
        ["nationalPortal"] = PaymentMethod.NationalPortal,
        ["provincialGateway"] = PaymentMethod.ProvincialGateway,
        ["cash"] = PaymentMethod.Cash,
    };

    /// <summary>How a result was returned: 1 counter, 2 postal, 3 online, 4 electronic, or the names.</summary>
    public static readonly IReadOnlyDictionary<string, ResultReturnMethod> ReturnMethods = new Dictionary<string, ResultReturnMethod>(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = ResultReturnMethod.Counter,
        ["2"] = ResultReturnMethod.Postal,
        ["3"] = ResultReturnMethod.Online,
        ["4"] = ResultReturnMethod.Electronic,
        ["counter"] = ResultReturnMethod.Counter,
        ["postal"] = ResultReturnMethod.Postal,
        ["online"] = ResultReturnMethod.Online,
        ["electronic"] = ResultReturnMethod.Electronic,
    };

    /// <summary>Ratings: 1 satisfied, 2 dissatisfied, 3 complaint, or the names.</summary>
    public static readonly IReadOnlyDictionary<string, FeedbackRating> Ratings = new Dictionary<string, FeedbackRating>(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = FeedbackRating.Satisfied,
        ["2"] = FeedbackRating.Dissatisfied,
        ["3"] = FeedbackRating.Complaint,
        ["satisfied"] = FeedbackRating.Satisfied,
        ["dissatisfied"] = FeedbackRating.Dissatisfied,
        ["complaint"] = FeedbackRating.Complaint,
    };
}

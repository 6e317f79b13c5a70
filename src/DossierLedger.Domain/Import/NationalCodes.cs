using System.Reflection;
using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Import;

/// <summary>
/// The national codes an imported history is written in (status, channel) and the names of the actions a row
/// can spell out, with what each maps to in the ledger. Codes and names are accepted alike where both exist. The table of
/// steps is read from the declarations on the events and their commands, so no list here names an event.
/// </summary>
public static class NationalCodes
{
    /// <summary>
    /// Every event's step, as the event type declares it (<see cref="NationalStepAttribute"/>), with the command a later
    /// row of it stands for: the one that decides the event (<see cref="IDecides{TEvent}"/>), built by its
    /// <see cref="IFromHistoryRow.FromRow"/>. Read once from the event and command types; ordered by the status they leave.
    /// </summary>
    public static IReadOnlyList<StepAction> Steps { get; } = DeclaredSteps();

    private static readonly Dictionary<Type, StepAction> StepOfEvent = Steps.ToDictionary(s => s.Event!);

    /// <summary>The names of the <c>action</c> column.</summary>
    public static readonly IReadOnlyDictionary<string, StepAction> Actions = Steps.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A status set by one step names it; status 4, set by several, is <see cref="StepAction.InProcess"/>.</summary>
    private static readonly Dictionary<int, StepAction> ActionOfStatusCode = Steps
        .Where(s => s.Status is { } status && status != StepAction.InProcess.Status)
        .Append(StepAction.Ignore).Append(StepAction.InProcess)
        .ToDictionary(s => s.Status!.Value);

    /// <summary>The action a national status code stands for; status 4 is resolved against the dossier's state.</summary>
    public static StepAction? ActionOfStatus(int status) => ActionOfStatusCode.GetValueOrDefault(status);

    /// <summary>
    /// The step an event is in a national history: the action that records it in the import's <c>action</c> column, and
    /// with its <see cref="StepAction.Status"/> the status the portal is told. What an export writes and an import reads
    /// back. Corrections are no step of their own (they change what earlier steps said); any other event names its step.
    /// </summary>
    public static StepAction? StepOf(IDossierEvent e) => e switch
    {
        ICorrection => null,
        _ => StepOfEvent.GetValueOrDefault(e.GetType())
            ?? throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unknown dossier event: declare its [NationalStep]."),
    };

    /// <summary>The step of the event type <typeparamref name="TEvent"/>.</summary>
    public static StepAction StepOf<TEvent>()
        where TEvent : IDossierEvent => StepOfEvent[typeof(TEvent)];

    /// <summary>
    /// Status 4 without an action (<see cref="StepAction.InProcess"/>): the supplement arrived or the fee was paid when the
    /// dossier waits for one; otherwise it was assigned (on a closed dossier the decider then says it is closed).
    /// </summary>
    public static StepAction InProcessStepOf(Dossier state) => state.Status switch
    {
        DossierStatus.AwaitingSupplement => StepOf<SupplementReceived>(),
        DossierStatus.AwaitingPayment => StepOf<PaymentReceived>(),
        _ => StepOf<DossierAssigned>(),
    };

    private static StepAction[] DeclaredSteps()
    {
        var commands = DossierCommandTypes.All
            .SelectMany(command => DossierCommandTypes.EventsOf(command).Select(decided => (Event: decided, Command: command)))
            .ToDictionary(d => d.Event, d => d.Command);
        return DossierEventTypes.All
            .Select(type => (Type: type, Declared: type.GetCustomAttribute<NationalStepAttribute>(inherit: false)))
            .Where(d => d.Declared is not null)
            .Select(d => new StepAction(d.Declared!.Name, (int?)d.Declared.Status, d.Type, CommandOf(commands.GetValueOrDefault(d.Type)), d.Declared.History))
            .OrderBy(s => s.Status ?? int.MaxValue)
            .ToArray();
    }

    /// <summary>The command's <see cref="IFromHistoryRow.FromRow"/>; none for the opening steps (the replay starts a history itself) or an event no command decides.</summary>
    private static Func<HistoryRow, DossierCommand>? CommandOf(Type? command) =>
        command is not null && command.IsAssignableTo(typeof(IFromHistoryRow))
            ? command.GetMethod(nameof(IFromHistoryRow.FromRow), [typeof(HistoryRow)])!.CreateDelegate<Func<HistoryRow, DossierCommand>>()
            : null;

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

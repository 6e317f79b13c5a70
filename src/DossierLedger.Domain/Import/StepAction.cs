using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Import;

/// <summary>
/// What one step of an imported history does: record the event of a <see cref="NationalStepAttribute"/> (its entry in
/// <see cref="NationalCodes.Steps"/>), or one of the two rows that name no event of their own, <see cref="Ignore"/>
/// (status 1) and <see cref="InProcess"/> (status 4 alone).
/// </summary>
public sealed class StepAction
{
    private readonly Func<HistoryRow, DossierCommand>? _commandOf;

    internal StepAction(string name, int? status, Type? recorded = null, Func<HistoryRow, DossierCommand>? commandOf = null, string? history = null)
    {
        Name = name;
        Status = status;
        Event = recorded;
        _commandOf = commandOf;
        History = history;
    }

    /// <summary>National status 1 (submitted online, not yet accepted): the portal's business, no event.</summary>
    public static readonly StepAction Ignore = new("ignore", 1);

    /// <summary>Status 4 without a named action: a supplement received, a fee paid, or an assignment, whichever the dossier's state calls for.</summary>
    public static readonly StepAction InProcess = new("in-process", (int)DossierStatus.InProcess);

    /// <summary>Its name in the <c>action</c> column.</summary>
    public string Name { get; }

    /// <summary>The national status it leaves the dossier in; null for the steps that leave the status as it is.</summary>
    public int? Status { get; }

    /// <summary>What it says in the national portal's processing history; null when it is no step of that history.</summary>
    public string? History { get; }

    /// <summary>The event type it records; null for <see cref="Ignore"/> and <see cref="InProcess"/>.</summary>
    public Type? Event { get; }

    /// <summary>Whether it is a history's first step, a receipt or a refusal at intake.</summary>
    public bool Opens => Event == typeof(DossierReceived) || Event == typeof(IntakeRefused);

    /// <summary>The command a later row of this step stands for; see <see cref="HistoryRow.MissingColumn"/> for a value it lacks.</summary>
    public DossierCommand CommandOf(HistoryRow row) =>
        (_commandOf ?? throw new InvalidOperationException($"A {Name} row is not a later step of a history.")).Invoke(row);

    public override string ToString() => Name;
}

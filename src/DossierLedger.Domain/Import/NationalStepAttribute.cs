using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Import;

/// <summary>
/// The step an event is in a national history, declared on the event: its name in the import's <c>action</c> column and
/// the national status it leaves the dossier in (none: the status stays as it is). <see cref="NationalCodes"/> builds
/// the table of steps from these; the command a later row of the step stands for is the one that decides the event
/// (<see cref="IDecides{TEvent}"/>, built by its <see cref="IFromHistoryRow.FromRow"/>), and the row's other columns are
/// the event's properties named like them (<see cref="ImportColumns.Of"/>). A step with a <see cref="History"/> title is
/// one the national portal is told of, in the dossier's processing history (quá trình xử lý).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NationalStepAttribute(string name) : Attribute
{
    public NationalStepAttribute(string name, DossierStatus status)
        : this(name) => Status = status;

    public string Name { get; } = name;

    public DossierStatus? Status { get; }

    /// <summary>
    /// What the step says in the national portal's processing history (<c>NoiDungXuLy</c>); null for the steps the portal
    /// is not told of as steps (a draft, an approval, digitization and feedback change only the dossier's record, if anything).
    /// </summary>
    public string? History { get; init; }
}

/// <summary>The import column an event's property is written to, where the property's name does not say it.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ImportColumnAttribute(string column) : Attribute
{
    public string Column { get; } = column;
}

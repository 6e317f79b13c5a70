using DossierLedger.Domain.Dossiers;

namespace DossierLedger.Domain.Import;

/// <summary>
/// The step an event is in a national history, declared on the event: its name in the import's <c>action</c> column and
/// the national status it leaves the dossier in (none: the status stays as it is). <see cref="NationalCodes"/> builds
/// the table of steps from these; the command a later row of the step stands for is the one that decides the event
/// (<see cref="IDecides{TEvent}"/>, built by its <see cref="IFromHistoryRow.FromRow"/>), and the row's other columns are
/// the event's properties named like them (<see cref="ImportColumns.Of"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NationalStepAttribute(string name) : Attribute
{
    public NationalStepAttribute(string name, DossierStatus status)
        : this(name) => Status = status;

    public string Name { get; } = name;

    public DossierStatus? Status { get; }
}

/// <summary>The import column an event's property is written to, where the property's name does not say it.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ImportColumnAttribute(string column) : Attribute
{
    public string Column { get; } = column;
}

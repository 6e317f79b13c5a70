using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Import;

/// <summary>
/// A later row of an imported history as its command reads it (<see cref="IFromHistoryRow.FromRow"/>): its values, the
/// dossier as the rows before it left it, and the procedure version the dossier was received under. A value the command
/// needs and the row lacks is read through <see cref="Required"/>, which notes the column: the replay then rejects the
/// row naming the first one noted, and the command built with the default in its place is dropped.
/// </summary>
public sealed class HistoryRow(HistoryStep values, Dossier state, Procedure procedure)
{
    public HistoryStep Values => values;

    public Instant At => values.At;

    public Dossier State => state;

    public Procedure Procedure => procedure;

    /// <summary>The first column a required value was missing from.</summary>
    public string? MissingColumn { get; private set; }

    public string Required(string column, string? value)
    {
        Note(column, value is null);
        return value ?? "";
    }

    public T Required<T>(string column, T? value)
        where T : struct
    {
        Note(column, value is null);
        return value.GetValueOrDefault();
    }

    private void Note(string column, bool missing)
    {
        if (missing)
        {
            MissingColumn ??= column;
        }
    }
}

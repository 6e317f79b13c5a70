using System.Globalization;
using System.Text;
using System.Text.Json;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Import;

/// <summary>
/// Writes dossier histories in the import format, one row per event — what another one-stop system's export looks
/// like to the import. Used to generate files for trying and measuring the import, and by its tests.
/// Instants are written in Vietnam's offset (+07:00).
/// </summary>
public sealed class ImportFileWriter(TextWriter output, ImportFormat format)
{
    private static readonly OffsetDateTimePattern Pattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<m>");
    private static readonly HashSet<string> Numeric = new HashSet<string>(StringComparer.Ordinal)
    {
        ImportColumns.Status, ImportColumns.Channel, ImportColumns.Amount, ImportColumns.PaymentMethod, ImportColumns.ReturnMethod,
        ImportColumns.ComponentsDigitized, ImportColumns.Rating,
    };

    private static readonly HashSet<string> Flags = new HashSet<string>(StringComparer.Ordinal) { ImportColumns.ReusedData, ImportColumns.ElectronicResult };

    private readonly Dictionary<string, string> _row = new(StringComparer.Ordinal);
    private readonly StringBuilder _line = new();
    private bool _headerWritten;

    /// <summary>Writes one dossier's events (its receipt or refusal first) as rows.</summary>
    public void Write(IReadOnlyList<IDossierEvent> stream)
    {
        if (format == ImportFormat.Csv && !_headerWritten)
        {
            output.WriteLine(string.Join(',', ImportColumns.All));
            _headerWritten = true;
        }

        var (receiptNo, unit) = stream[0] switch
        {
            DossierReceived r => (r.ReceiptNo, r.UnitCode),
            IntakeRefused r => (r.ReceiptNo, r.UnitCode),
            _ => throw new ArgumentException("A dossier's history starts with its receipt or refusal.", nameof(stream)),
        };
        foreach (var e in stream)
        {
            _row.Clear();
            _row[ImportColumns.ReceiptNo] = receiptNo;
            _row[ImportColumns.UnitCode] = unit;
            _row[ImportColumns.OccurredAt] = Format(e.OccurredAt);
            Describe(e);
            WriteRow();
        }
    }

    /// <summary>
    /// The row's status and action from the event's national step: the status when the step sets one, the action's
    /// name when the status alone does not say it (status 4 after 5 or 6 is inferred, but written out all the same);
    /// then the event's own columns (<see cref="ImportColumns.Of"/>).
    /// </summary>
    private void Describe(IDossierEvent e)
    {
        var step = NationalCodes.StepOf(e)
            ?? throw new NotSupportedException($"{e.GetType().Name} has no row in the import format (corrections are not imported).");
        Set(ImportColumns.Status, step.Status is { } code ? Code(code) : null);
        Set(ImportColumns.Action, step.Status is { } set && NationalCodes.ActionOfStatus(set) == step ? null : step.Name);
        foreach (var (column, property) in ImportColumns.Of(e.GetType()))
        {
            Set(column, ValueOf(property.GetValue(e)));
        }
    }

    /// <summary>A value as the import reads it: codes for enumerations, invariant numbers, instants in Vietnam's offset.</summary>
    private static string? ValueOf(object? value) => value switch
    {
        null => null,
        string text => text,
        Enum code => Code(Convert.ToInt32(code, CultureInfo.InvariantCulture)),
        int number => Code(number),
        decimal amount => amount.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Instant instant => Format(instant),
        _ => throw new NotSupportedException($"No import format for a {value.GetType().Name}: teach {nameof(ImportFileWriter)} one."),
    };

    private void Set(string column, string? value)
    {
        if (value is not null)
        {
            _row[column] = value;
        }
    }

    private void WriteRow()
    {
        if (format == ImportFormat.Csv)
        {
            _line.Clear();
            for (var i = 0; i < ImportColumns.All.Count; i++)
            {
                if (i > 0)
                {
                    _line.Append(',');
                }

                _line.Append(Csv.Escape(_row.GetValueOrDefault(ImportColumns.All[i])));
            }

            output.WriteLine(_line.ToString());
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var column in ImportColumns.All)
            {
                if (!_row.TryGetValue(column, out var value))
                {
                    continue;
                }

                if (Numeric.Contains(column))
                {
                    json.WritePropertyName(column);
                    json.WriteRawValue(value);
                }
                else if (Flags.Contains(column))
                {
                    json.WriteBoolean(column, value == "true");
                }
                else
                {
                    json.WriteString(column, value);
                }
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string Code(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(Instant instant) => Pattern.Format(VietnamTime.Of(instant));
}

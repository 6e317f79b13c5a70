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
    /// name when the status alone does not say it (status 4 after 5 or 6 is inferred, but written out all the same).
    /// </summary>
    private void Describe(IDossierEvent e)
    {
        var step = NationalCodes.StepOf(e)
            ?? throw new NotSupportedException($"{e.GetType().Name} has no row in the import format (corrections are not imported).");
        var status = NationalCodes.StatusOfAction(step);
        Set(ImportColumns.Status, status is { } code ? Code(code) : null);
        Set(ImportColumns.Action, status is { } set && NationalCodes.ActionOfStatus(set) == step ? null : NationalCodes.NameOf(step));
        DescribeFields(e);
    }

    private void DescribeFields(IDossierEvent e)
    {
        switch (e)
        {
            case DossierReceived r:
                Set(ImportColumns.ProcedureCode, r.ProcedureCode).Set(ImportColumns.Channel, Code((int)r.Channel)).Set(ImportColumns.ApplicantName, r.ApplicantName);
                break;
            case IntakeRefused r:
                Set(ImportColumns.ProcedureCode, r.ProcedureCode).Set(ImportColumns.Channel, Code((int)r.Channel))
                    .Set(ImportColumns.ApplicantName, r.ApplicantName).Set(ImportColumns.Reason, r.Reason);
                break;
            case DossierAssigned a:
                Set(ImportColumns.Step, a.Step).Set(ImportColumns.Assignee, a.Assignee);
                break;
            case DossierTransferred t:
                Set(ImportColumns.Agency, t.Agency);
                break;
            case TransferReturned t:
                Set(ImportColumns.Agency, t.Agency);
                break;
            case SupplementRequested s:
                Set(ImportColumns.Items, s.Items);
                break;
            case PaymentRequested p:
                Set(ImportColumns.Amount, p.Amount.ToString(CultureInfo.InvariantCulture));
                break;
            case PaymentReceived p:
                Set(ImportColumns.Amount, p.Amount.ToString(CultureInfo.InvariantCulture)).Set(ImportColumns.PaymentMethod, Code((int)p.Method));
                break;
            case ApologyIssued a:
                Set(ImportColumns.NewAppointmentAt, Format(a.NewAppointmentAt)).Set(ImportColumns.Reason, a.Reason);
                break;
            case DossierWithdrawn w:
                Set(ImportColumns.Reason, w.Reason);
                break;
            case DossierStopped s:
                Set(ImportColumns.Reason, s.Reason);
                break;
            case ResultReturned r:
                Set(ImportColumns.ReturnMethod, Code((int)r.Method));
                break;
            case DossierDigitized d:
                Set(ImportColumns.ComponentsDigitized, Code(d.ComponentsDigitized))
                    .Set(ImportColumns.ReusedData, d.ReusedData ? "true" : "false").Set(ImportColumns.ElectronicResult, d.ElectronicResult ? "true" : "false");
                break;
            case FeedbackGiven f:
                Set(ImportColumns.Rating, Code((int)f.Rating)).Set(ImportColumns.Comment, f.Comment);
                break;
            case SupplementReceived or DossierResolved:
                break; // the step says it all
            default:
                throw new NotSupportedException($"{e.GetType().Name} has no fields in the import format.");
        }
    }

    private ImportFileWriter Set(string column, string? value)
    {
        if (value is not null)
        {
            _row[column] = value;
        }

        return this;
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

using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace DossierLedger.Domain.Import;

/// <summary>The columns of an import file (CSV header names, NDJSON property names), as docs/import.md lists them.</summary>
public static class ImportColumns
{
    public const string ReceiptNo = "receipt_no";
    public const string UnitCode = "unit_code";
    public const string ProcedureCode = "procedure_code";
    public const string Status = "status";
    public const string Action = "action";
    public const string Channel = "channel";
    public const string OccurredAt = "occurred_at";
    public const string ApplicantName = "applicant_name";
    public const string Step = "step";
    public const string Assignee = "assignee";
    public const string Agency = "agency";
    public const string Items = "items";
    public const string Amount = "amount";
    public const string PaymentMethod = "payment_method";
    public const string NewAppointmentAt = "new_appointment_at";
    public const string Reason = "reason";
    public const string ReturnMethod = "return_method";
    public const string ComponentsDigitized = "components_digitized";
    public const string ReusedData = "reused_data";
    public const string ElectronicResult = "electronic_result";
    public const string Rating = "rating";
    public const string Comment = "comment";
    public const string ReceivingUnitCode = "receiving_unit_code";
    public const string ReceivedBy = "received_by";
    public const string ToUnitCode = "to_unit_code";
    public const string HandedOverBy = "handed_over_by";

    /// <summary>Every column, in the order files written by the ledger use.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ReceiptNo, UnitCode, ProcedureCode, Status, Action, Channel, OccurredAt, ApplicantName, Step, Assignee, Agency, Items,
        Amount, PaymentMethod, NewAppointmentAt, Reason, ReturnMethod, ComponentsDigitized, ReusedData, ElectronicResult, Rating, Comment,
        ReceivingUnitCode, ReceivedBy, ToUnitCode, HandedOverBy,
    ];

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<(string Column, PropertyInfo Property)>> OfEvent = new();

    /// <summary>
    /// The columns a row of an event of <paramref name="eventType"/> fills, each with the property that holds its value:
    /// every property named like a column (<c>ApplicantName</c> in <c>applicant_name</c>), or naming one with
    /// <see cref="ImportColumnAttribute"/>. What an export writes; the event's command reads them back from the row.
    /// </summary>
    public static IReadOnlyList<(string Column, PropertyInfo Property)> Of(Type eventType) => OfEvent.GetOrAdd(eventType, type =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Column: p.GetCustomAttribute<ImportColumnAttribute>()?.Column ?? SnakeCase(p.Name), Property: p))
            .Where(c => All.Contains(c.Column))
            .ToArray());

    private static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && snake.Length > 0)
            {
                snake.Append('_');
            }

            snake.Append(char.ToLowerInvariant(c));
        }

        return snake.ToString();
    }
}

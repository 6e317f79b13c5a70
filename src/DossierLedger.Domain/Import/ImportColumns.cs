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

    /// <summary>Every column, in the order files written by the ledger use.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ReceiptNo, UnitCode, ProcedureCode, Status, Action, Channel, OccurredAt, ApplicantName, Step, Assignee, Agency, Items,
        Amount, PaymentMethod, NewAppointmentAt, Reason, ReturnMethod, ComponentsDigitized, ReusedData, ElectronicResult, Rating, Comment,
    ];
}

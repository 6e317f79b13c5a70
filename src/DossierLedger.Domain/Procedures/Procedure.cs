using DossierLedger.Domain.Calendar;

namespace DossierLedger.Domain.Procedures;

/// <summary>How much of a procedure can be done online (Nghị định 42/2022: toàn trình / một phần).</summary>
public enum OnlineLevel
{
    None,
    Partial,
    Full,
}

/// <summary>
/// An administrative procedure (thủ tục hành chính, TTHC) the desk handles: its code, the field
/// (lĩnh vực) it belongs to and the statutory time limit its deadlines are computed from.
/// </summary>
/// <param name="PaymentPausesClock">Whether waiting for the fee stops the clock (only where the procedure's law says so).</param>
/// <param name="Competence">Who may resolve its dossiers; null when the catalogue does not say (any authority may).</param>
public sealed record Procedure(
    string Code,
    string Name,
    string FieldCode,
    string FieldName,
    TimeLimit TimeLimit,
    OnlineLevel OnlineLevel,
    decimal Fee,
    bool Joint,
    bool PaymentPausesClock = false,
    Competence? Competence = null);

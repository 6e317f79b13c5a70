using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;

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
/// <param name="PaperResult">Whether its result is a paper document (a certificate, an extract, a certified copy, a
/// decision): QĐ 766 then asks for an electronic result too (indicators 3.3, 4.1, 4.2).</param>
/// <param name="OnlineTimeLimit">A shorter time limit for dossiers received online, where the procedure's law gives one;
/// null when online dossiers have the same limit as the others.</param>
/// <param name="Deadlines">Its other deadline rules (a result at once, the supplement deadline, step budgets); null when it has none.</param>
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
    Competence? Competence = null,
    bool PaperResult = true,
    TimeLimit? OnlineTimeLimit = null,
    ProcedureDeadlines? Deadlines = null)
{
    /// <summary>The time limit a dossier received by <paramref name="channel"/> is due by: the online one for an online dossier, where there is one.</summary>
    public TimeLimit TimeLimitFor(Channel channel) => channel == Channel.Online && OnlineTimeLimit is { } online ? online : TimeLimit;

    /// <summary>
    /// Why <paramref name="online"/> cannot be the online time limit of a procedure limited to <paramref name="limit"/>;
    /// null when it can. It is counted in the same unit (the unit processing times are reported in, QĐ 766 2.2) and is
    /// no longer: the law shortens limits for online dossiers, it never lengthens them.
    /// </summary>
    public static string? OnlineTimeLimitConflict(TimeLimit limit, TimeLimit online) =>
        online.Unit != limit.Unit || online.Unit == TimeLimitUnit.SameDay
            ? $"must be counted in the time limit's own unit ({limit.Unit}), and a same-day limit has no shorter one."
            : online.Amount > limit.Amount
                ? $"must be no longer than the time limit ({limit.Amount} {limit.Unit})."
                : null;

    /// <summary>Whether the catalogue lists a fee for it (QĐ 766 3.6 counts its dossiers whether or not a fee was asked).</summary>
    public bool FeeBearing => Fee > 0;
}

/// <summary>
/// What the QĐ 766 indicators need of the procedure version a dossier was received under, copied onto its receipt so that
/// later versions never change how an old dossier counts.
/// </summary>
/// <param name="TimeLimitUnit">The unit of its time limit, the unit its processing time is given in (2.2).</param>
/// <param name="PaperResult">Its result is a paper document (<see cref="Procedure.PaperResult"/>).</param>
/// <param name="FeeBearing">The catalogue lists a fee for it (<see cref="Procedure.FeeBearing"/>).</param>
public sealed record ProcedureTraits(TimeLimitUnit TimeLimitUnit, bool PaperResult, bool FeeBearing)
{
    public static ProcedureTraits Of(Procedure procedure) =>
        new(procedure.TimeLimit.Unit, procedure.PaperResult, procedure.FeeBearing);
}

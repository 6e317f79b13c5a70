using DossierLedger.Domain.Calendar;

namespace DossierLedger.Domain.Procedures;

/// <summary>
/// The deadline rules of a procedure version beyond its time limit, copied onto each receipt so a dossier keeps the rules
/// it was received under.
/// </summary>
/// <param name="ResultAtOnce">Trả kết quả ngay: the result is given on the spot, with no appointment; its dossiers are
/// judged on time whenever resolved, as the law sets them no date. Only for a same-day time limit, whose due still puts
/// an unresolved one in the overdue queue after its day.</param>
/// <param name="SupplementTimeLimit">Thời hạn bổ sung: how long an applicant has to bring what a supplement request lists,
/// unless the request states its own date; past it the desk may stop the dossier. Null: no deadline by default.</param>
/// <param name="StepBudgets">How long each step of the workflow may take (thẩm định, phê duyệt, …): an assignment to a
/// step is due by its budget unless it states a personal deadline.</param>
public sealed record ProcedureDeadlines(
    bool ResultAtOnce = false,
    TimeLimit? SupplementTimeLimit = null,
    IReadOnlyList<StepBudget>? StepBudgets = null)
{
    /// <summary>The budget of <paramref name="step"/>, when the procedure gives one (steps match case-insensitively).</summary>
    public TimeLimit? BudgetOf(string step) =>
        StepBudgets?.FirstOrDefault(b => string.Equals(b.Step, step, StringComparison.OrdinalIgnoreCase))?.Budget;

    /// <summary>
    /// Why these rules cannot go with <paramref name="limit"/>; null when they can: a result given at once needs a same-day
    /// limit; the supplement limit and the step budgets count working days or hours (a person's time at the desk); a step
    /// is budgeted once.
    /// </summary>
    public string? Conflict(TimeLimit limit)
    {
        if (ResultAtOnce && limit.Unit != TimeLimitUnit.SameDay)
        {
            return "resultAtOnce needs a same-day time limit.";
        }

        if (SupplementTimeLimit is { Unit: TimeLimitUnit.SameDay })
        {
            return "supplementTimeLimit must count working days, working hours or days.";
        }

        if (StepBudgets?.FirstOrDefault(b => b.Budget.Unit is not (TimeLimitUnit.WorkingDays or TimeLimitUnit.WorkingHours)) is { } odd)
        {
            return $"stepBudgets: the budget of '{odd.Step}' must count working days or working hours.";
        }

        return StepBudgets?.GroupBy(b => b.Step, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"stepBudgets: '{twice.Key}' is budgeted more than once."
            : null;
    }
}

/// <summary>The time a step of a procedure's workflow may take.</summary>
public sealed record StepBudget(string Step, TimeLimit Budget);

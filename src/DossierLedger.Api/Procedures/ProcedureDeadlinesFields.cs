using System.Globalization;
using DossierLedger.Api.Http;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;

namespace DossierLedger.Api.Procedures;

/// <summary>A step's budget in a published version: the step's name and a count of working days or hours.</summary>
public sealed record StepBudgetRequest(string? Step, int? Amount, string? Unit);

/// <summary>A step's budget as the catalogue views show it.</summary>
public sealed record StepBudgetView(string Step, TimeLimitView Budget);

/// <summary>
/// The deadline rules of a version beyond its time limit (<see cref="ProcedureDeadlines"/>), read from the publish body's
/// <c>resultAtOnce</c>, <c>supplementTimeLimit</c> and <c>stepBudgets</c>, and shown back under the same names.
/// </summary>
public static class ProcedureDeadlinesFields
{
    /// <summary>The most steps a workflow budgets.</summary>
    private const int MaxSteps = 50;

    /// <summary>The rules the body gives, checked against <paramref name="limit"/>; null when it gives none (or with errors).</summary>
    public static ProcedureDeadlines? Read(PublishProcedureVersionRequest request, TimeLimit? limit, InputErrors errors)
    {
        var supplement = request.SupplementTimeLimit is null ? null : ReadCount("supplementTimeLimit", request.SupplementTimeLimit, errors);
        var steps = ReadSteps(request.StepBudgets, errors);
        if (request.ResultAtOnce is not true && supplement is null && steps is null)
        {
            return null;
        }

        var deadlines = new ProcedureDeadlines(request.ResultAtOnce ?? false, supplement, steps);
        if (limit is not null && deadlines.Conflict(limit) is { } conflict)
        {
            errors.Add("deadlines", conflict);
        }

        return deadlines;
    }

    /// <summary>A count of some unit other than sameDay, 1 to <see cref="ProcedureAdminEndpoints.MaxAmount"/>; null with an error otherwise.</summary>
    public static TimeLimit? ReadCount(string field, TimeLimitRequest request, InputErrors errors) =>
        ReadCount(field, request.Amount, request.Unit, errors);

    public static ProcedureDeadlinesView Show(ProcedureDeadlines? deadlines) => new(
        deadlines?.ResultAtOnce ?? false,
        TimeLimitView.Of(deadlines?.SupplementTimeLimit),
        [.. (deadlines?.StepBudgets ?? []).Select(b => new StepBudgetView(b.Step, TimeLimitView.Of(b.Budget)!))]);

    private static StepBudget[]? ReadSteps(IReadOnlyList<StepBudgetRequest?>? requests, InputErrors errors)
    {
        if (requests is null || requests.Count == 0)
        {
            return null;
        }

        if (requests.Count > MaxSteps)
        {
            errors.Add("stepBudgets", $"must budget at most {MaxSteps} steps.");
            return null;
        }

        var steps = new List<StepBudget>();
        for (var i = 0; i < requests.Count; i++)
        {
            var field = $"stepBudgets[{i}]";
            var step = errors.Required($"{field}.step", requests[i]?.Step, 200);
            var budget = ReadCount(field, requests[i]?.Amount, requests[i]?.Unit, errors);
            if (step is not null && budget is not null)
            {
                steps.Add(new StepBudget(step, budget));
            }
        }

        return steps.Count == requests.Count ? [.. steps] : null;
    }

    private static TimeLimit? ReadCount(string field, int? amount, string? unitText, InputErrors errors)
    {
        var unit = errors.Choice<TimeLimitUnit>($"{field}.unit", unitText, required: true);
        if (amount is not (>= 1 and <= ProcedureAdminEndpoints.MaxAmount))
        {
            errors.Add($"{field}.amount", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {ProcedureAdminEndpoints.MaxAmount}."));
            return null;
        }

        return unit is null ? null : new TimeLimit(amount.Value, unit.Value);
    }
}

/// <summary>A version's deadline rules as the catalogue views show them (<see cref="ProcedureDeadlines"/>).</summary>
public sealed record ProcedureDeadlinesView(bool ResultAtOnce, TimeLimitView? SupplementTimeLimit, IReadOnlyList<StepBudgetView> StepBudgets);

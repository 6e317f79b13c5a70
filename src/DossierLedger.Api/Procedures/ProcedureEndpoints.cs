using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using Wolverine.Http;

namespace DossierLedger.Api.Procedures;

public sealed record TimeLimitView(int Amount, TimeLimitUnit Unit);

/// <summary>A procedure as the HTTP contract shows it.</summary>
public sealed record ProcedureView(
    string Code, string Name, string FieldCode, string FieldName, TimeLimitView TimeLimit, int? CutoffHour,
    OnlineLevel OnlineLevel, decimal Fee, bool Joint, bool PaymentPausesClock)
{
    public static ProcedureView Of(Procedure p) => new(
        p.Code, p.Name, p.FieldCode, p.FieldName, new TimeLimitView(p.TimeLimit.Amount, p.TimeLimit.Unit),
        p.TimeLimit.Unit == TimeLimitUnit.SameDay ? p.TimeLimit.EffectiveCutoffHour : null,
        p.OnlineLevel, p.Fee, p.Joint, p.PaymentPausesClock);
}

public static class ProcedureEndpoints
{
    /// <summary>Danh mục TTHC: the procedures dossiers can be received for.</summary>
    [WolverineGet("/api/procedures")]
    public static IReadOnlyList<ProcedureView> Get(ProcedureCatalogue catalogue) => [.. catalogue.All.Select(ProcedureView.Of)];
}

using DossierLedger.Api.Calendar;
using DossierLedger.Api.Http;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Procedures;

public sealed record TimeLimitView(int Amount, TimeLimitUnit Unit)
{
    public static TimeLimitView? Of(TimeLimit? limit) => limit is null ? null : new(limit.Amount, limit.Unit);
}

/// <summary>A procedure as the HTTP contract shows it: the version in force, with its number and effective instant.</summary>
public sealed record ProcedureView(
    string Code, string Name, string FieldCode, string FieldName, TimeLimitView TimeLimit, int? CutoffHour,
    OnlineLevel OnlineLevel, decimal Fee, bool Joint, bool PaymentPausesClock, int Version, OffsetDateTime EffectiveFrom,
    Competence? Competence,
    bool PaperResult,
    TimeLimitView? OnlineTimeLimit,
    ProcedureDeadlinesView Deadlines)
{
    public static ProcedureView Of(ProcedureVersion version, DateTimeZone zone)
    {
        var p = version.Procedure;
        return new(
            p.Code, p.Name, p.FieldCode, p.FieldName, new TimeLimitView(p.TimeLimit.Amount, p.TimeLimit.Unit),
            p.TimeLimit.Unit == TimeLimitUnit.SameDay ? p.TimeLimit.EffectiveCutoffHour : null,
            p.OnlineLevel, p.Fee, p.Joint, p.PaymentPausesClock, version.Version, version.EffectiveFrom.InZone(zone).ToOffsetDateTime(),
            p.Competence, p.PaperResult, TimeLimitView.Of(p.OnlineTimeLimit), ProcedureDeadlinesFields.Show(p.Deadlines));
    }
}

public static class ProcedureEndpoints
{
    /// <summary>
    /// Danh mục TTHC: the procedures dossiers can be received for, each in the version in force now,
    /// or at <c>at</c> (an instant with an offset) to see the catalogue as it was or will be.
    /// </summary>
    [ProducesResponseType<IReadOnlyList<ProcedureView>>(StatusCodes.Status200OK)]
    [WolverineGet("/api/procedures")]
    public static IResult Get(string? at, ProcedureCatalogue catalogue, CalendarSchedules schedules, IClock clock)
    {
        var errors = new InputErrors();
        var instant = errors.Instant("at", at);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var versions = catalogue.VersionsAt(instant ?? clock.GetCurrentInstant());
        return Results.Ok(versions.Select(v => ProcedureView.Of(v, schedules.Current.Zone)).ToList());
    }
}

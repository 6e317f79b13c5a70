using System.Globalization;
using DossierLedger.Api.Calendar;
using DossierLedger.Api.Http;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Procedures;

/// <summary>
/// The body of <c>POST /api/admin/procedures/{code}/versions</c>: the whole definition of the new version
/// (nothing is carried over from the previous one) and when it takes effect; <c>paperResult</c> defaults to true, as in the
/// shipped catalogue; <c>onlineTimeLimit</c>, when given, is the shorter limit of online dossiers; <c>resultAtOnce</c>,
/// <c>supplementTimeLimit</c> and <c>stepBudgets</c> are its other deadline rules. Text is parsed by the endpoint so every
/// bad value gets a field error.
/// </summary>
public sealed record PublishProcedureVersionRequest(
    string? Name,
    string? FieldCode,
    TimeLimitRequest? TimeLimit,
    int? CutoffHour,
    string? OnlineLevel,
    decimal? Fee,
    bool? Joint,
    bool? PaymentPausesClock,
    string? EffectiveFrom,
    CompetenceRequest? Competence = null,
    bool? PaperResult = null,
    TimeLimitRequest? OnlineTimeLimit = null,
    bool? ResultAtOnce = null,
    TimeLimitRequest? SupplementTimeLimit = null,
    IReadOnlyList<StepBudgetRequest?>? StepBudgets = null);

/// <summary>Who may resolve the procedure: <c>level</c> (province, district, commune) and, for agencies, their <c>sector</c>.</summary>
public sealed record CompetenceRequest(string? Level, string? Sector);

/// <summary><c>unit</c> is workingDays, workingHours, calendarDays or sameDay; <c>amount</c> is omitted (or 0) for sameDay.</summary>
public sealed record TimeLimitRequest(int? Amount, string? Unit);

/// <summary>One version of a procedure, as the admin endpoints show it.</summary>
public sealed record ProcedureVersionView(
    string Code, int Version, OffsetDateTime EffectiveFrom, string Name, string FieldCode, string FieldName,
    TimeLimitView TimeLimit, int? CutoffHour, OnlineLevel OnlineLevel, decimal Fee, bool Joint, bool PaymentPausesClock,
    Competence? Competence, bool PaperResult, TimeLimitView? OnlineTimeLimit, ProcedureDeadlinesView Deadlines)
{
    public static ProcedureVersionView Of(ProcedureVersion version, DateTimeZone zone)
    {
        var p = version.Procedure;
        return new(
            p.Code, version.Version, version.EffectiveFrom.InZone(zone).ToOffsetDateTime(), p.Name, p.FieldCode, p.FieldName,
            new TimeLimitView(p.TimeLimit.Amount, p.TimeLimit.Unit),
            p.TimeLimit.Unit == TimeLimitUnit.SameDay ? p.TimeLimit.EffectiveCutoffHour : null,
            p.OnlineLevel, p.Fee, p.Joint, p.PaymentPausesClock, p.Competence, p.PaperResult, TimeLimitView.Of(p.OnlineTimeLimit),
            ProcedureDeadlinesFields.Show(p.Deadlines));
    }
}

/// <summary>A procedure with every version, oldest first.</summary>
public sealed record ProcedureHistoryView(string Code, int LatestVersion, IReadOnlyList<ProcedureVersionView> Versions)
{
    public static ProcedureHistoryView Of(IReadOnlyList<ProcedureVersion> versions, DateTimeZone zone) =>
        new(versions[^1].Code, versions[^1].Version, [.. versions.Select(v => ProcedureVersionView.Of(v, zone))]);
}

/// <summary>
/// Quản lý danh mục TTHC: every version of every procedure, and publishing a new version. A version
/// governs dossiers received from its <c>effectiveFrom</c>; earlier dossiers keep the version they were
/// received under. A code not in the catalogue yet becomes a new procedure (version 1), provided its
/// field is one the catalogue knows.
/// </summary>
public static class ProcedureAdminEndpoints
{
    public const int MaxAmount = 1000;

    /// <summary>Every procedure with its whole version history.</summary>
    [WolverineGet("/api/admin/procedures")]
    public static IReadOnlyList<ProcedureHistoryView> GetAll(ProcedureCatalogue catalogue, CalendarSchedules schedules) =>
        [.. catalogue.LatestVersions.Select(v => ProcedureHistoryView.Of(catalogue.Versions(v.Code), schedules.Current.Zone))];

    /// <summary>One procedure with its whole version history.</summary>
    [ProducesResponseType<ProcedureHistoryView>(StatusCodes.Status200OK)]
    [WolverineGet("/api/admin/procedures/{code}")]
    public static IResult GetOne(string code, ProcedureCatalogue catalogue, CalendarSchedules schedules)
    {
        var versions = catalogue.Versions(code);
        return versions.Count == 0 ? NotFound(code) : Results.Ok(ProcedureHistoryView.Of(versions, schedules.Current.Zone));
    }

    /// <summary>
    /// Publishes the next version of a procedure (or its first, for a new code). Answers 201 with the
    /// version, 400 naming every bad field, or 409 when it would not take effect after the latest version
    /// or another version was published meanwhile.
    /// </summary>
    [ProducesResponseType<ProcedureVersionView>(StatusCodes.Status201Created)]
    [WolverinePost("/api/admin/procedures/{code}/versions")]
    public static async Task<IResult> Publish(
        string code, PublishProcedureVersionRequest request, IDocumentSession session, ProcedureCatalogue catalogue,
        ProcedureCatalogueStore store, CalendarSchedules schedules, IClock clock, HttpContext http,
        ILogger<PublishProcedureVersionRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var procedure = Read(code, request, catalogue, schedules, errors, out var effectiveFrom);
        if (procedure is null)
        {
            return errors.ToResult();
        }

        var decision = catalogue.Propose(procedure, effectiveFrom);
        if (decision.Violation is { } violation)
        {
            return Problems.Conflict(violation.Rule, violation.Detail);
        }

        var version = decision.Version!;
        var actor = RequestActor.Of(http);
        actor.Stamp(session);
        session.Insert(ProcedureVersionDocument.Of(version, clock.GetCurrentInstant(), actor.User));
        try
        {
            // Committed here, not by the transaction middleware: the catalogue may only change once the version is stored.
            await session.SaveChangesAsync(cancellation);
        }
        catch (DocumentAlreadyExistsException)
        {
            session.EjectAllPendingChanges();
            await store.LoadAsync(cancellation);
            return Problems.Conflict(ProcedureRules.VersionConflict,
                $"Version {version.Version} of procedure {version.Code} was published meanwhile; reload the procedure and publish again.");
        }

        catalogue.Publish(version);
        logger.LogInformation("Procedure {Code} version {Version} published, in force from {EffectiveFrom}", version.Code, version.Version, version.EffectiveFrom);
        return Results.Created($"/api/admin/procedures/{Uri.EscapeDataString(version.Code)}", ProcedureVersionView.Of(version, schedules.Current.Zone));
    }

    /// <summary>The procedure the request defines, or null with every problem in <paramref name="errors"/>.</summary>
    private static Procedure? Read(
        string code, PublishProcedureVersionRequest? request, ProcedureCatalogue catalogue, CalendarSchedules schedules,
        InputErrors errors, out Instant effectiveFrom)
    {
        effectiveFrom = default;
        var procedureCode = errors.Code("code", code, required: true);

        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return null;
        }

        var name = errors.Required("name", request.Name, 500);
        var fieldCode = errors.Required("fieldCode", request.FieldCode, 16);
        string? fieldName = null;
        if (fieldCode is not null && !catalogue.Fields.TryGetValue(fieldCode, out fieldName))
        {
            errors.Add("fieldCode", $"'{fieldCode}' is not a field of the catalogue: {string.Join(", ", catalogue.Fields.Keys.Order(StringComparer.Ordinal))}.");
        }

        var timeLimit = ReadTimeLimit(request.TimeLimit, request.CutoffHour, errors);
        var onlineLevel = errors.Choice<OnlineLevel>("onlineLevel", request.OnlineLevel, required: true);
        var fee = errors.Amount("fee", request.Fee, required: true);
        var at = ReadEffectiveFrom(request.EffectiveFrom, schedules, errors);
        var competence = ReadCompetence(request.Competence, errors);
        var onlineTimeLimit = ReadOnlineTimeLimit(request.OnlineTimeLimit, timeLimit, errors);
        var deadlines = ProcedureDeadlinesFields.Read(request, timeLimit, errors);
        if (errors.Any)
        {
            return null;
        }

        effectiveFrom = at!.Value;
        return new Procedure(
            procedureCode!, name!, fieldCode!, fieldName!, timeLimit!, onlineLevel!.Value, fee!.Value,
            request.Joint ?? false, request.PaymentPausesClock ?? false, competence, request.PaperResult ?? true, onlineTimeLimit, deadlines);
    }

    /// <summary>The online time limit when one is given: a count of the time limit's unit (<see cref="Procedure.OnlineTimeLimitConflict"/>).</summary>
    private static TimeLimit? ReadOnlineTimeLimit(TimeLimitRequest? request, TimeLimit? limit, InputErrors errors)
    {
        if (request is null)
        {
            return null;
        }

        if (ProcedureDeadlinesFields.ReadCount("onlineTimeLimit", request, errors) is not { } online || limit is null)
        {
            return null;
        }

        if (Procedure.OnlineTimeLimitConflict(limit, online) is { } conflict)
        {
            errors.Add("onlineTimeLimit", conflict);
            return null;
        }

        return online;
    }

    private static Competence? ReadCompetence(CompetenceRequest? request, InputErrors errors) =>
        request is null
            ? null
            : errors.Choice<UnitLevel>("competence.level", request.Level, required: true) is { } level
                ? new Competence(level, errors.Code("competence.sector", request.Sector, required: false))
                : null;

    private static TimeLimit? ReadTimeLimit(TimeLimitRequest? request, int? cutoffHour, InputErrors errors)
    {
        if (request is null)
        {
            errors.Add("timeLimit", "is required.");
            return null;
        }

        var unit = errors.Choice<TimeLimitUnit>("timeLimit.unit", request.Unit, required: true);
        if (unit is null)
        {
            return null;
        }

        if (unit == TimeLimitUnit.SameDay)
        {
            var valid = true;
            if (request.Amount is not (null or 0))
            {
                errors.Add("timeLimit.amount", "must be 0 or omitted for a sameDay time limit.");
                valid = false;
            }

            if (cutoffHour is < 0 or > 24)
            {
                errors.Add("cutoffHour", "must be an hour between 0 and 24.");
                valid = false;
            }

            return valid ? new TimeLimit(0, TimeLimitUnit.SameDay, cutoffHour) : null;
        }

        if (cutoffHour is not null)
        {
            errors.Add("cutoffHour", "applies only to a sameDay time limit.");
        }

        if (request.Amount is null)
        {
            errors.Add("timeLimit.amount", "is required.");
            return null;
        }

        if (request.Amount is < 1 or > MaxAmount)
        {
            errors.Add("timeLimit.amount", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxAmount}."));
            return null;
        }

        return cutoffHour is null ? new TimeLimit(request.Amount.Value, unit.Value) : null;
    }

    /// <summary>An instant with an offset, or a date <c>yyyy-MM-dd</c> meaning its first moment in the calendar's zone.</summary>
    private static Instant? ReadEffectiveFrom(string? value, CalendarSchedules schedules, InputErrors errors)
    {
        if (value is not null && value.Trim().Length == "yyyy-MM-dd".Length)
        {
            return errors.Date("effectiveFrom", value, required: true) is { } date ? schedules.Current.Zone.AtStartOfDay(date).ToInstant() : null;
        }

        return errors.RequiredInstant("effectiveFrom", value);
    }

    private static IResult NotFound(string code) => Results.Problem(Problems.Create(
        StatusCodes.Status404NotFound, "Procedure not found.", $"No procedure has code {code}.", "not-found"));
}

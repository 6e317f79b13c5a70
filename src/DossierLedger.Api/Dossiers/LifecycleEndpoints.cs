using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Dossiers;

// The closing commands: resolution, withdrawal, stop, and the result's return after resolution.
public sealed record CloseRequest(string? At, long? Version, string? Reason) : ILifecycleRequest;

/// <summary>A stop's body: <c>supplementLapsed</c> when it is because the supplement did not come by its deadline.</summary>
public sealed record StopRequest(string? At, long? Version, string? Reason, bool? SupplementLapsed = null) : ILifecycleRequest;

public sealed record ResultReturnRequest(string? At, long? Version, string? Method) : ILifecycleRequest;

public static class ResolveEndpoint
{
    public static (ResolveDossier?, IResult) Validate(StepRequest? request, Instant now) =>
        DossierWrites.Read(request, now, at => new ResolveDossier(at));

    /// <summary>Đã xử lý xong: resolved; timeliness is judged against the (effective) due instant.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/resolution")]
    public static (IResult, Events) Post(StepRequest request, [NotBody] ResolveDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class WithdrawEndpoint
{
    public static (WithdrawDossier?, IResult) Validate(CloseRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => errors.Optional("reason", body.Reason, 1000),
            (reason, at) => new WithdrawDossier(at, reason));

    /// <summary>Rút hồ sơ: withdrawn at the applicant's request.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/withdrawal")]
    public static (IResult, Events) Post(CloseRequest request, [NotBody] WithdrawDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class StopEndpoint
{
    public static (StopDossier?, IResult) Validate(StopRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (Reason: errors.Required("reason", body.Reason, 1000), Lapsed: body.SupplementLapsed ?? false),
            (fields, at) => new StopDossier(at, fields.Reason!, fields.Lapsed));

    /// <summary>
    /// Dừng xử lý: stopped by formal notice, which must give a reason; for a lapsed supplement (<c>supplementLapsed</c>)
    /// only after the supplement's deadline.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/stop")]
    public static (IResult, Events) Post(StopRequest request, [NotBody] StopDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class ResultReturnEndpoint
{
    public static (ReturnResult?, IResult) Validate(ResultReturnRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => errors.Choice<ResultReturnMethod>("method", body.Method, required: true),
            (method, at) => new ReturnResult(at, method!.Value));

    /// <summary>Trả kết quả: the result handed over, after resolution.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/result-return")]
    public static (IResult, Events) Post(ResultReturnRequest request, [NotBody] ReturnResult command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

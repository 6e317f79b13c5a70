using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

public sealed record ResolveRequest(string? At, long? Version) : ILifecycleRequest;

public sealed record CloseRequest(string? At, long? Version, string? Reason) : ILifecycleRequest;

public sealed record ResultReturnRequest(string? At, long? Version, string? Method) : ILifecycleRequest;

/// <summary>The closing commands: resolution, withdrawal, stop, and the result's return after resolution.</summary>
public static class LifecycleEndpoints
{
    private static readonly IReadOnlyDictionary<string, ResultReturnMethod> Methods = new Dictionary<string, ResultReturnMethod>
    {
        ["counter"] = ResultReturnMethod.Counter,
        ["postal"] = ResultReturnMethod.Postal,
        ["online"] = ResultReturnMethod.Online,
        ["electronic"] = ResultReturnMethod.Electronic,
    };

    /// <summary>Đã xử lý xong: resolved; timeliness is judged against the (effective) due instant.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/resolution")]
    public static Task<IResult> Resolve(Guid id, ResolveRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<ResolveRequest> logger, CancellationToken cancellation) =>
        DossierWrites.CommandAsync(session, clock, http, logger, id, request, new InputErrors(),
            (dossier, at, now) => decider.Decide(dossier, new ResolveDossier(at), now), cancellation);

    /// <summary>Rút hồ sơ: withdrawn at the applicant's request.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/withdrawal")]
    public static Task<IResult> Withdraw(Guid id, CloseRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<CloseRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var reason = errors.Optional("reason", request?.Reason, 1000);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new WithdrawDossier(at, reason), now), cancellation);
    }

    /// <summary>Dừng xử lý: stopped by formal notice, which must give a reason.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/stop")]
    public static Task<IResult> Stop(Guid id, CloseRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<CloseRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var reason = request is null ? null : errors.Required("reason", request.Reason, 1000);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new StopDossier(at, reason!), now), cancellation);
    }

    /// <summary>Trả kết quả: the result handed over, after resolution.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/result-return")]
    public static Task<IResult> ReturnResult(Guid id, ResultReturnRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<ResultReturnRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var method = request is null ? null : errors.Choice("method", request.Method, Methods, required: true);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new ReturnResult(at, method!.Value), now), cancellation);
    }
}

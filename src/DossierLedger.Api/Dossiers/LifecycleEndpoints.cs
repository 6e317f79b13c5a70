using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using Marten;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

/// <summary>The body of a lifecycle command: when it happened, the version the client saw, and its details.</summary>
public sealed record LifecycleRequest(string? At, long? Version, string? Reason, string? Method);

/// <summary>
/// Resolution, withdrawal, stop and result return: each parses its input, then hands the decider's
/// rule for it to <see cref="DossierWrites"/>. Omitted <c>at</c> means now.
/// </summary>
public static class LifecycleEndpoints
{
    private static readonly IReadOnlyDictionary<string, ResultReturnMethod> Methods = new Dictionary<string, ResultReturnMethod>
    {
        ["counter"] = ResultReturnMethod.Counter,
        ["postal"] = ResultReturnMethod.Postal,
        ["online"] = ResultReturnMethod.Online,
        ["electronic"] = ResultReturnMethod.Electronic,
    };

    /// <summary>Đã xử lý xong: resolved; timeliness is judged against the due date.</summary>
    [WolverinePost("/api/dossiers/{id}/resolution")]
    public static Task<IResult> Resolve(Guid id, LifecycleRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<LifecycleRequest> logger, CancellationToken cancellation) =>
        Run(id, request, session, clock, http, logger, requireReason: false, requireMethod: false,
            (dossier, at, now, _, _) => decider.Resolve(dossier, at, now), cancellation);

    /// <summary>Rút hồ sơ: withdrawn at the applicant's request.</summary>
    [WolverinePost("/api/dossiers/{id}/withdrawal")]
    public static Task<IResult> Withdraw(Guid id, LifecycleRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<LifecycleRequest> logger, CancellationToken cancellation) =>
        Run(id, request, session, clock, http, logger, requireReason: false, requireMethod: false,
            (dossier, at, now, reason, _) => decider.Withdraw(dossier, at, reason, now), cancellation);

    /// <summary>Dừng xử lý: stopped by formal notice, which must give a reason.</summary>
    [WolverinePost("/api/dossiers/{id}/stop")]
    public static Task<IResult> Stop(Guid id, LifecycleRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<LifecycleRequest> logger, CancellationToken cancellation) =>
        Run(id, request, session, clock, http, logger, requireReason: true, requireMethod: false,
            (dossier, at, now, reason, _) => decider.Stop(dossier, at, reason!, now), cancellation);

    /// <summary>Trả kết quả: the result handed over, after resolution.</summary>
    [WolverinePost("/api/dossiers/{id}/result-return")]
    public static Task<IResult> ReturnResult(Guid id, LifecycleRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<LifecycleRequest> logger, CancellationToken cancellation) =>
        Run(id, request, session, clock, http, logger, requireReason: false, requireMethod: true,
            (dossier, at, now, _, method) => decider.ReturnResult(dossier, at, method!.Value, now), cancellation);

    private static async Task<IResult> Run(
        Guid id, LifecycleRequest request, IDocumentSession session, IClock clock, HttpContext http, ILogger logger,
        bool requireReason, bool requireMethod, Func<Dossier, Instant, Instant, string?, ResultReturnMethod?, Decision> decide,
        CancellationToken cancellation)
    {
        var errors = new InputErrors();
        if (request is null)
        {
            errors.Add("body", "must be a JSON object.");
            return errors.ToResult();
        }

        var at = errors.Instant("at", request.At);
        var version = errors.Version("version", request.Version);
        var reason = requireReason ? errors.Required("reason", request.Reason, 1000) : errors.Optional("reason", request.Reason, 1000);
        var method = errors.Choice("method", request.Method, Methods, required: requireMethod);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var now = clock.GetCurrentInstant();
        return await DossierWrites.DecideAsync(session, http, logger, id, version,
            dossier => decide(dossier, at ?? now, now, reason, method), cancellation);
    }
}

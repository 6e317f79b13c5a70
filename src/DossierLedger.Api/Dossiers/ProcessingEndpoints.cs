using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

public sealed record AssignmentRequest(string? At, long? Version, string? Step, string? Assignee) : ILifecycleRequest;

public sealed record SupplementRequestRequest(string? At, long? Version, string? Items) : ILifecycleRequest;

public sealed record ResumeRequest(string? At, long? Version) : ILifecycleRequest;

public sealed record PaymentRequestRequest(string? At, long? Version, decimal? Amount) : ILifecycleRequest;

public sealed record PaymentRequest(string? At, long? Version, decimal? Amount, string? Method) : ILifecycleRequest;

public sealed record TransferRequest(string? At, long? Version, string? Agency) : ILifecycleRequest;

/// <summary>
/// What happens to an open dossier between receipt and resolution: assignment to a step, supplement
/// requests and payments (which may pause the clock), and joint processing with another agency.
/// </summary>
public static class ProcessingEndpoints
{
    private static readonly IReadOnlyDictionary<string, PaymentMethod> PaymentMethods = new Dictionary<string, PaymentMethod>
    {
        ["nationalPortal"] = PaymentMethod.NationalPortal,
        ["provincialGateway"] = PaymentMethod.ProvincialGateway,
        ["cash"] = PaymentMethod.Cash,
    };

    /// <summary>Chuyển xử lý: to a processing step (thẩm định, phê duyệt, …) and, optionally, an official.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/assignments")]
    public static Task<IResult> Assign(Guid id, AssignmentRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<AssignmentRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var step = request is null ? null : errors.Required("step", request.Step, 200);
        var assignee = errors.Optional("assignee", request?.Assignee, 200);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new AssignDossier(at, step!, assignee), now), cancellation);
    }

    /// <summary>Yêu cầu bổ sung: one complete list of what is missing; the clock pauses.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/supplement-requests")]
    public static Task<IResult> RequestSupplement(Guid id, SupplementRequestRequest request, IDocumentSession session,
        DossierDecider decider, IClock clock, HttpContext http, ILogger<SupplementRequestRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var items = request is null ? null : errors.Required("items", request.Items, 4000);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new RequestSupplement(at, items!), now), cancellation);
    }

    /// <summary>The supplement arrived: the clock resumes with the working time that was left.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/supplements")]
    public static Task<IResult> ReceiveSupplement(Guid id, ResumeRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<ResumeRequest> logger, CancellationToken cancellation) =>
        DossierWrites.CommandAsync(session, clock, http, logger, id, request, new InputErrors(),
            (dossier, at, now) => decider.Decide(dossier, new ReceiveSupplement(at), now), cancellation);

    /// <summary>
    /// Nghĩa vụ tài chính: the fee is requested; whether the clock pauses is the procedure's rule. The amount
    /// defaults to the catalogue fee.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/payment-requests")]
    public static Task<IResult> RequestPayment(Guid id, PaymentRequestRequest request, IDocumentSession session,
        DossierDecider decider, ProcedureCatalogue catalogue, IClock clock, HttpContext http, ILogger<PaymentRequestRequest> logger,
        CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var amount = errors.Amount("amount", request?.Amount, required: false);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) =>
            {
                // The fee and whether it pauses the clock are those of the version the dossier was received under.
                var procedure = catalogue.FindAt(dossier.ProcedureCode, dossier.ReceivedAt);
                return decider.Decide(dossier, new RequestPayment(at, amount ?? procedure?.Fee ?? 0, procedure?.PaymentPausesClock ?? false), now);
            },
            cancellation);
    }

    /// <summary>The fee was paid (online through a portal or gateway, or in cash).</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/payments")]
    public static Task<IResult> ReceivePayment(Guid id, PaymentRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<PaymentRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var amount = request is null ? null : errors.Amount("amount", request.Amount, required: true);
        var method = request is null ? null : errors.Choice("method", request.Method, PaymentMethods, required: true);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new ReceivePayment(at, amount!.Value, method!.Value), now), cancellation);
    }

    /// <summary>Liên thông: sent to another agency or level for its part.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/transfers")]
    public static Task<IResult> Transfer(Guid id, TransferRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<TransferRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var agency = request is null ? null : errors.Required("agency", request.Agency, 200);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new TransferDossier(at, agency!), now), cancellation);
    }

    /// <summary>The other agency sent the dossier back.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/transfer-returns")]
    public static Task<IResult> ReturnTransfer(Guid id, ResumeRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<ResumeRequest> logger, CancellationToken cancellation) =>
        DossierWrites.CommandAsync(session, clock, http, logger, id, request, new InputErrors(),
            (dossier, at, now) => decider.Decide(dossier, new ReturnTransfer(at), now), cancellation);
}

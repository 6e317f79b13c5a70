using DossierLedger.Api.Telemetry;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Dossiers;

// What happens to an open dossier between receipt and resolution: assignment to a step, supplement requests and
// payments (which may pause the clock), and joint processing with another agency.
// A stated deadline (dueAt, respondBy) replaces the one the procedure's rules would give.
public sealed record AssignmentRequest(string? At, long? Version, string? Step, string? Assignee, string? DueAt = null) : ILifecycleRequest;

public sealed record SupplementRequestBody(string? At, long? Version, string? Items, string? RespondBy = null) : ILifecycleRequest;

public sealed record PaymentRequestBody(string? At, long? Version, decimal? Amount) : ILifecycleRequest;

public sealed record PaymentBody(string? At, long? Version, decimal? Amount, string? Method) : ILifecycleRequest;

public sealed record TransferRequest(string? At, long? Version, string? Agency) : ILifecycleRequest;

public static class AssignmentEndpoint
{
    public static (AssignDossier?, IResult) Validate(AssignmentRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (
                Step: errors.Required("step", body.Step, 200), Assignee: errors.Optional("assignee", body.Assignee, 200),
                DueAt: errors.Instant("dueAt", body.DueAt)),
            (fields, at) => new AssignDossier(at, fields.Step!, fields.Assignee, fields.DueAt));

    /// <summary>
    /// Chuyển xử lý: to a processing step (thẩm định, phê duyệt, …) and, optionally, an official, due by the personal
    /// deadline given, else by the step's budget in the procedure version at receipt.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/assignments")]
    public static (IResult, Events) Post(AssignmentRequest request, [NotBody] AssignDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class SupplementRequestEndpoint
{
    public static (RequestSupplement?, IResult) Validate(SupplementRequestBody? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (Items: errors.Required("items", body.Items, 4000), RespondBy: errors.Instant("respondBy", body.RespondBy)),
            (fields, at) => new RequestSupplement(at, fields.Items!, fields.RespondBy));

    /// <summary>
    /// Yêu cầu bổ sung: one complete list of what is missing, due by the date given, else by the procedure's supplement
    /// time limit; the clock pauses.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/supplement-requests")]
    public static (IResult, Events) Post(SupplementRequestBody request, [NotBody] RequestSupplement command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class SupplementEndpoint
{
    public static (ReceiveSupplement?, IResult) Validate(StepRequest? request, Instant now) =>
        DossierWrites.Read(request, now, at => new ReceiveSupplement(at));

    /// <summary>The supplement arrived: the clock resumes with the working time that was left.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/supplements")]
    public static (IResult, Events) Post(StepRequest request, [NotBody] ReceiveSupplement command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class PaymentRequestEndpoint
{
    /// <summary>A payment request as its body gives it, before the terms of the dossier's procedure are known.</summary>
    public sealed record Input(Instant At, decimal? Amount);

    public static (Input?, IResult) Validate(PaymentRequestBody? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => errors.Amount("amount", body.Amount, required: false),
            (amount, at) => new Input(at, amount));

    /// <summary>
    /// Nghĩa vụ tài chính: the fee is requested; whether the clock pauses is the procedure's rule. The amount defaults to
    /// the catalogue fee.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/payment-requests")]
    [Decides(typeof(RequestPayment))]
    public static (IResult, Events) Post(PaymentRequestBody request, [NotBody] Input input,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, ProcedureCatalogue catalogue, Instant now) =>
        DossierWrites.Decide(dossier, Command(dossier.Aggregate!, catalogue, input), decider, now);

    /// <summary>The request on the terms (fee, pause rule) of the procedure version the dossier was received under.</summary>
    private static RequestPayment Command(Dossier received, ProcedureCatalogue catalogue, Input input) =>
        RequestPayment.Under(catalogue.FindAt(received.ProcedureCode, received.ReceivedAt), input.At, input.Amount);
}


public static class PaymentEndpoint
{
    public static (ReceivePayment?, IResult) Validate(PaymentBody? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (Amount: errors.Amount("amount", body.Amount, required: true),
                Method: errors.Choice<PaymentMethod>("method", body.Method, required: true)),
            (fields, at) => new ReceivePayment(at, fields.Amount!.Value, fields.Method!.Value));

    /// <summary>The fee was paid (online through a portal or gateway, or in cash).</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/payments")]
    public static (IResult, Events) Post(PaymentBody request, [NotBody] ReceivePayment command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class TransferEndpoint
{
    public static (TransferDossier?, IResult) Validate(TransferRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => errors.Required("agency", body.Agency, 200),
            (agency, at) => new TransferDossier(at, agency!));

    /// <summary>Liên thông: sent to another agency or level for its part.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/transfers")]
    public static (IResult, Events) Post(TransferRequest request, [NotBody] TransferDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class TransferReturnEndpoint
{
    public static (ReturnTransfer?, IResult) Validate(StepRequest? request, Instant now) =>
        DossierWrites.Read(request, now, at => new ReturnTransfer(at));

    /// <summary>The other agency sent the dossier back.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/transfer-returns")]
    public static (IResult, Events) Post(StepRequest request, [NotBody] ReturnTransfer command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

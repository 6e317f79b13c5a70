using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Dossiers;

// What is recorded about a dossier besides its processing: apologies, digitization, the applicant's feedback.
public sealed record ApologyRequest(string? At, long? Version, string? NewAppointmentAt, string? Reason) : ILifecycleRequest;

public sealed record ApprovalRequest(string? At, long? Version) : ILifecycleRequest;

public sealed record DigitizationRequest(string? At, long? Version, int? ComponentsDigitized, bool? ReusedData, bool? ElectronicResult)
    : ILifecycleRequest;

public sealed record FeedbackRequest(string? At, long? Version, string? Rating, string? Comment) : ILifecycleRequest;

public static class ApologyDraftEndpoint
{
    public static (DraftApology?, IResult) Validate(ApologyRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (Appointment: errors.RequiredInstant("newAppointmentAt", body.NewAppointmentAt),
                Reason: errors.Required("reason", body.Reason, 1000)),
            (fields, at) => new DraftApology(at, fields.Appointment!.Value, fields.Reason!));

    /// <summary>Dự thảo văn bản xin lỗi: drafted for a leader to approve; a later draft replaces one not yet sent.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/apology-drafts")]
    public static (IResult, Events) Post(ApologyRequest request, [NotBody] DraftApology command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class ApologyApprovalEndpoint
{
    public static (ApproveApology?, IResult) Validate(ApprovalRequest? request, Instant now) =>
        DossierWrites.Read(request, now, at => new ApproveApology(at));

    /// <summary>Lãnh đạo phê duyệt: a leader approves the drafted apology, which the desk may then send.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/apology-approval")]
    public static (IResult, Events) Post(ApprovalRequest request, [NotBody] ApproveApology command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class ApologyEndpoint
{
    public static (IssueApology?, IResult) Validate(ApologyRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (Appointment: errors.Instant("newAppointmentAt", body.NewAppointmentAt),
                Reason: errors.Optional("reason", body.Reason, 1000)),
            (fields, at) => new IssueApology(at, fields.Appointment, fields.Reason));

    /// <summary>
    /// Gửi văn bản xin lỗi và hẹn lại: sends the approved draft, before the due date, at most once; the due date used for
    /// timeliness stays. <c>newAppointmentAt</c> and <c>reason</c>, when given, must be the approved draft's.
    /// </summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/apologies")]
    public static (IResult, Events) Post(ApologyRequest request, [NotBody] IssueApology command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class DigitizationEndpoint
{
    public static (DigitizeDossier?, IResult) Validate(DigitizationRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) =>
            {
                var components = body.ComponentsDigitized ?? 0;
                if (components is < 0 or > 1000)
                {
                    errors.Add("componentsDigitized", "must be between 0 and 1000.");
                }

                return (Components: components, Reused: body.ReusedData ?? false, Electronic: body.ElectronicResult ?? false);
            },
            (fields, at) => new DigitizeDossier(at, fields.Components, fields.Reused, fields.Electronic));

    /// <summary>Số hóa: components digitized, data reused, electronic result; also after closing.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/digitization")]
    public static (IResult, Events) Post(DigitizationRequest request, [NotBody] DigitizeDossier command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

public static class FeedbackEndpoint
{
    public static (GiveFeedback?, IResult) Validate(FeedbackRequest? request, Instant now) =>
        DossierWrites.Read(request, now,
            (body, errors) => (Rating: errors.Choice<FeedbackRating>("rating", body.Rating, required: true),
                Comment: errors.Optional("comment", body.Comment, 4000)),
            (fields, at) => new GiveFeedback(at, fields.Rating!.Value, fields.Comment));

    /// <summary>The applicant's rating (hài lòng / không hài lòng) or a complaint.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/feedback")]
    public static (IResult, Events) Post(FeedbackRequest request, [NotBody] GiveFeedback command,
        [WriteAggregate(Required = false)] IEventStream<Dossier> dossier, DossierDecider decider, Instant now) =>
        DossierWrites.Decide(dossier, command, decider, now);
}

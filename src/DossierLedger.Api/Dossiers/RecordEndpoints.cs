using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Dossiers;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace DossierLedger.Api.Dossiers;

public sealed record ApologyRequest(string? At, long? Version, string? NewAppointmentAt, string? Reason) : ILifecycleRequest;

public sealed record DigitizationRequest(string? At, long? Version, int? ComponentsDigitized, bool? ReusedData, bool? ElectronicResult)
    : ILifecycleRequest;

public sealed record FeedbackRequest(string? At, long? Version, string? Rating, string? Comment) : ILifecycleRequest;

/// <summary>What is recorded about a dossier besides its processing: apologies, digitization, the applicant's feedback.</summary>
public static class RecordEndpoints
{
    private static readonly IReadOnlyDictionary<string, FeedbackRating> Ratings = new Dictionary<string, FeedbackRating>
    {
        ["satisfied"] = FeedbackRating.Satisfied,
        ["dissatisfied"] = FeedbackRating.Dissatisfied,
        ["complaint"] = FeedbackRating.Complaint,
    };

    /// <summary>Xin lỗi và hẹn lại: before the due date, at most once; the due date used for timeliness stays.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/apologies")]
    public static Task<IResult> Apologize(Guid id, ApologyRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<ApologyRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var appointment = request is null ? null : errors.RequiredInstant("newAppointmentAt", request.NewAppointmentAt);
        var reason = request is null ? null : errors.Required("reason", request.Reason, 1000);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new IssueApology(at, appointment!.Value, reason!), now), cancellation);
    }

    /// <summary>Số hóa: components digitized, data reused, electronic result; also after closing.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/digitization")]
    public static Task<IResult> Digitize(Guid id, DigitizationRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<DigitizationRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var components = request?.ComponentsDigitized ?? 0;
        if (components is < 0 or > 1000)
        {
            errors.Add("componentsDigitized", "must be between 0 and 1000.");
        }

        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new DigitizeDossier(at, components, request!.ReusedData ?? false, request.ElectronicResult ?? false), now),
            cancellation);
    }

    /// <summary>The applicant's rating (hài lòng / không hài lòng) or a complaint.</summary>
    [ProducesResponseType<DossierView>(StatusCodes.Status200OK)]
    [WolverinePost("/api/dossiers/{id}/feedback")]
    public static Task<IResult> GiveFeedback(Guid id, FeedbackRequest request, IDocumentSession session, DossierDecider decider,
        IClock clock, HttpContext http, ILogger<FeedbackRequest> logger, CancellationToken cancellation)
    {
        var errors = new InputErrors();
        var rating = request is null ? null : errors.Choice("rating", request.Rating, Ratings, required: true);
        var comment = errors.Optional("comment", request?.Comment, 4000);
        return DossierWrites.CommandAsync(session, clock, http, logger, id, request, errors,
            (dossier, at, now) => decider.Decide(dossier, new GiveFeedback(at, rating!.Value, comment), now), cancellation);
    }
}

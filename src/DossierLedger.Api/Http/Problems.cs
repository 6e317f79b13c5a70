using DossierLedger.Domain.Dossiers;
using Microsoft.AspNetCore.Mvc;

namespace DossierLedger.Api.Http;

/// <summary>The RFC 9457 problem responses the API answers with; <c>rule</c> names what was violated.</summary>
public static class Problems
{
    /// <summary>The rule of a request whose body could not be read.</summary>
    public const string MalformedRequest = "malformed-request";

    /// <summary>The rule of a command decided on a version of the dossier that is no longer its latest.</summary>
    public const string VersionConflictRule = "version-conflict";

    /// <summary>The rule of a write that lost a race for the same record.</summary>
    public const string ConcurrentWriteRule = "concurrent-write";

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.", type: "https://dossierledger.dev/problems/validation");

    public static IResult DossierNotFound(Guid id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Dossier not found.",
        detail: $"No dossier has id {id}.",
        type: "https://dossierledger.dev/problems/not-found");

    public static IResult RuleViolated(RuleViolation violation) => Conflict(violation.Rule, violation.Detail);

    /// <summary>The caller's token is for other units than the one the request concerns.</summary>
    public static IResult OtherUnit(string unitCode) => Results.Problem(Create(StatusCodes.Status403Forbidden,
        "Not your unit.", $"This token may not act for unit {unitCode}.", "other-unit"));

    public static IResult VersionConflict(long expected, long actual) => Conflict(VersionConflictRule,
        $"The dossier is at version {actual}, not the expected {expected}: reload it and decide again.");

    public static IResult Conflict(string rule, string detail) =>
        Results.Problem(Create(StatusCodes.Status409Conflict, "The request conflicts with the dossier's history.", detail, rule));

    public static ProblemDetails Create(int status, string title, string detail, string rule) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Type = $"https://dossierledger.dev/problems/{rule}",
        Extensions = { ["rule"] = rule },
    };

    /// <summary>Answers with <paramref name="problem"/> from a middleware, before any endpoint runs.</summary>
    public static async Task WriteAsync(this IProblemDetailsService problems, HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}

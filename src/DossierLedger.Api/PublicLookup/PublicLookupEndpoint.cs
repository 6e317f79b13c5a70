using DossierLedger.Api.Http;
using DossierLedger.Api.Security;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace DossierLedger.Api.PublicLookup;

/// <summary>
/// <c>GET /api/lookup</c>: the public lookup (tra cứu hồ sơ) in JSON, open without a token and limited per client
/// address (<see cref="RateLimits.PublicLookupPolicy"/>, both decided in <see cref="EndpointPolicies"/>). Its page for people is <see cref="PublicLookupPage"/>.
/// </summary>
public static class PublicLookupEndpoint
{
    public const string Path = "/api/lookup";

    /// <summary>Where a dossier stands and what the applicant must do next, for the receipt number and lookup code printed on its slip.</summary>
    [WolverineGet(Path)]
    [ProducesResponseType<PublicLookupAnswer>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? receiptNo, string? secret, PublicLookupQuery lookup, CancellationToken cancellation)
    {
        if (PublicLookupQuery.Check(receiptNo, secret) is { } errors)
        {
            return Problems.Validation(errors);
        }

        return await lookup.FindAsync(receiptNo!, secret!, cancellation) is { } answer ? Results.Ok(answer) : NotFound();
    }

    /// <summary>The one answer to a wrong receipt number, a wrong code, and a dossier that cannot be looked up.</summary>
    public static IResult NotFound() => Results.Problem(Problems.Create(StatusCodes.Status404NotFound, "Dossier not found.",
        "No dossier opens to this receipt number and lookup code: check both against the receipt slip.", "lookup-not-found"));
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DossierLedger.Api.Security;

/// <summary>Authenticates <c>Authorization: Bearer dl_…</c> against the token store.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string UnitClaim = "dl:unit";
    public const string TokenIdClaim = "dl:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = await tokens.FindValidAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (token is null)
        {
            // Never echo or log the token itself.
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, token.Name), new(ClaimTypes.Role, token.Role), new(TokenIdClaim, token.Id.ToString()) };
        claims.AddRange(token.Units.Select(unit => new Claim(UnitClaim, unit)));
        // The token's end is the ticket's: a dashboard session opened with it ends with it.
        var properties = new AuthenticationProperties { ExpiresUtc = token.ExpiresAt.ToDateTimeOffset() };
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), properties, SchemeName));
    }
}

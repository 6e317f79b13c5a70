using System.Security.Claims;
using DossierLedger.Api.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DossierLedger.Api.Security;

/// <summary>
/// Authentication: the ledger's own bearer tokens (<c>dl_…</c>) always, and — when <c>Authentication:Jwt:Authority</c>
/// is set — JSON Web Tokens from an external OpenID Connect provider too. A JWT's role claim must name one of the
/// ledger's roles, and its units claim (one value per unit, or none) limits it to those units like a ledger token's.
/// Either token also opens a dashboard session (<see cref="DashboardSession"/>), which stands in for it on reads.
/// </summary>
public static class ExternalTokens
{
    public const string JwtScheme = "Jwt";
    private const string Selector = "BearerOrJwt";

    public static void AddLedgerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection("Authentication:Jwt");
        var authority = jwt["Authority"];
        var tokenScheme = string.IsNullOrWhiteSpace(authority) ? BearerTokenHandler.SchemeName : Selector;
        var authentication = services.AddAuthentication(DashboardSession.SessionOrTokenScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddDashboardSession(tokenScheme);
        if (string.IsNullOrWhiteSpace(authority))
        {
            return;
        }

        var roleClaim = jwt["RoleClaim"] ?? "roles";
        var unitsClaim = jwt["UnitsClaim"] ?? "units";
        authentication
            .AddPolicyScheme(Selector, Selector, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith($"Bearer {ApiTokens.Prefix}", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenHandler.SchemeName
                    : JwtScheme)
            .AddJwtBearer(JwtScheme, options =>
            {
                options.Authority = authority;
                options.Audience = jwt["Audience"];
                options.RequireHttpsMetadata = jwt.GetValue("RequireHttpsMetadata", true);
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = jwt["NameClaim"] ?? "preferred_username";
                options.TokenValidationParameters.RoleClaimType = roleClaim;
                options.Events = new JwtBearerEvents { OnTokenValidated = context => Admit(context, roleClaim, unitsClaim) };
            });
    }

    /// <summary>Keeps a validated JWT only when it names a ledger role; its units become the ledger's unit claims.</summary>
    private static Task Admit(TokenValidatedContext context, string roleClaim, string unitsClaim)
    {
        var principal = context.Principal!;
        if (!principal.FindAll(roleClaim).Any(c => Roles.All.Contains(c.Value)))
        {
            context.Fail($"The token names none of the roles {string.Join(", ", Roles.All)} in its '{roleClaim}' claim.");
            return Task.CompletedTask;
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        if (identity.Name is null && principal.FindFirst("sub") is { } subject)
        {
            identity.AddClaim(new Claim(identity.NameClaimType, subject.Value));
        }

        identity.AddClaims(principal.FindAll(unitsClaim).Select(c => new Claim(BearerTokenHandler.UnitClaim, c.Value)).ToList());
        return Task.CompletedTask;
    }
}

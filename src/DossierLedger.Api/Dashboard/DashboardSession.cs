using DossierLedger.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DossierLedger.Api.Dashboard;

/// <summary>
/// The dashboard's sign-in session: a cookie holding the claims of the token it was opened with (name, role, units,
/// token id), so the API's policies and unit limits apply to it unchanged. HttpOnly, SameSite=Strict, Secure on HTTPS,
/// and it ends with the token or after <see cref="Lifetime"/>, whichever comes first; a revoked ledger token ends it
/// within a second.
/// <para>
/// The session stands in for a token only where a forged cross-site request could do no harm: on reads (GET, HEAD) and
/// on the dashboard's own forms, which carry an antiforgery token. A write to the API still needs the bearer token,
/// so a cookie can never be used for one.
/// </para>
/// </summary>
public static class DashboardSession
{
    /// <summary>The host's default scheme: the token when the request has one, else the session where it may stand in.</summary>
    public const string SessionOrTokenScheme = "SessionOrToken";
    public const string CookieScheme = "DashboardSession";
    public const string CookieName = "dl_session";
    public const string AntiforgeryCookieName = "dl_antiforgery";
    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>The dashboard's pages and session data: a signed-in session of any ledger role.</summary>
    public const string Policy = "dashboard";

    /// <summary>A working day: a session left open overnight must be opened again with the token.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static AuthenticationBuilder AddDashboardSession(this AuthenticationBuilder authentication, string tokenScheme)
    {
        var services = authentication.Services;
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.Path = DashboardEndpoints.Path;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = AntiforgeryField;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme)
            .RequireRole(Roles.All));
        return authentication
            .AddPolicyScheme(SessionOrTokenScheme, SessionOrTokenScheme, options =>
            {
                options.ForwardDefaultSelector = context => MayStandInForToken(context.Request) ? CookieScheme : tokenScheme;
                // The API answers 401 and 403 problems, never a redirect to a sign-in page.
                options.ForwardChallenge = tokenScheme;
                options.ForwardForbid = tokenScheme;
            })
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.Path = "/";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = Lifetime;
                options.SlidingExpiration = false;
                options.LoginPath = DashboardEndpoints.SignInPath;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = EndWithTokenAsync,
                    // Only the page itself is sent to the sign-in form; its data requests get the status.
                    OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden),
                };
            });
    }

    /// <summary>
    /// Whether the session may authenticate this request: one without a token of its own that either only reads or is
    /// one of the dashboard's forms (guarded by antiforgery tokens).
    /// </summary>
    private static bool MayStandInForToken(HttpRequest request) =>
        string.IsNullOrEmpty(request.Headers.Authorization)
        && request.Cookies.ContainsKey(CookieName)
        && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.Path.StartsWithSegments(DashboardEndpoints.Path));

    /// <summary>The expiry of a session opened with a token that expires at <paramref name="tokenExpiry"/> (unknown: none of its own).</summary>
    public static DateTimeOffset ExpiryFor(DateTimeOffset now, DateTimeOffset? tokenExpiry)
    {
        var end = now + Lifetime;
        return tokenExpiry is { } token && token < end ? token : end;
    }

    /// <summary>A session of a ledger token revoked or expired meanwhile ends now.</summary>
    private static async Task EndWithTokenAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirst(BearerTokenHandler.TokenIdClaim) is not { } claim)
        {
            return;
        }

        // A token id that is not one of the ledger's ends the session rather than failing every request it makes.
        var tokens = context.HttpContext.RequestServices.GetRequiredService<ApiTokens>();
        if (!Guid.TryParse(claim.Value, out var id) || !await tokens.IsValidAsync(id, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && DashboardEndpoints.IsPage(context.Request.Path))
        {
            context.Response.Redirect(DashboardEndpoints.SignInPath);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}

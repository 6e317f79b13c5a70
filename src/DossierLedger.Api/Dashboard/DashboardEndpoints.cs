using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DossierLedger.Api.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;

namespace DossierLedger.Api.Dashboard;

/// <summary>Who is signed in, for the dashboard's header, unit picker and sign-out form.</summary>
/// <param name="Units">The units the session is limited to; null when it is not limited.</param>
/// <param name="Scope">Every unit those stand for in the registry (the units under them and merged into them).</param>
public sealed record DashboardSessionView(
    string User, IReadOnlyList<string> Roles, IReadOnlyList<string>? Units, IReadOnlyList<string>? Scope, string AntiforgeryField, string AntiforgeryToken);

/// <summary>
/// The dashboard for report builders and desk leaders, served by the host under <see cref="Path"/>: its page, the
/// sign-in and sign-out forms and the session's data. The page's scripts read the API's GET endpoints with the
/// session cookie. These routes are not the API (they are left out of its description), and each has its access
/// decided here: the page and session data need a session; the sign-in form is open to anyone; the two forms that
/// write check an antiforgery token; the scripts, styles and chart library hold no data and are served to anyone.
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";
    public const string SignInPath = Path + "/sign-in";
    public const string SignOutPath = Path + "/sign-out";
    public const string SessionPath = Path + "/session";
    public const string AssetsPath = Path + "/assets";
    public const string TokenField = "token";

    /// <summary>Longer than any ledger token or provider's JWT seen; more is not a token.</summary>
    private const int MaxTokenLength = 8192;

    /// <summary>The page may load only what this host serves, and no other site may frame it.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>Escapes markup only: Vietnamese text stays readable in the page's source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The pages and assets, copied beside the host by its build (the chart library from npm).</summary>
    private static readonly string Site = System.IO.Path.Combine(AppContext.BaseDirectory, "dashboard");

    /// <summary>Serves the scripts, styles and chart library, ahead of authentication: they hold no data.</summary>
    public static WebApplication UseDashboardAssets(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(System.IO.Path.Combine(Site, "assets")),
            RequestPath = AssetsPath,
        });
        return app;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        var dashboard = app.MapGroup(Path).ExcludeFromDescription();
        dashboard.MapGet("", Page).RequireAuthorization(DashboardSession.Policy);
        dashboard.MapGet("/session", Session).RequireAuthorization(DashboardSession.Policy);
        dashboard.MapGet("/sign-in", (HttpContext context, IAntiforgery antiforgery) => SignInPage(context, antiforgery, null, StatusCodes.Status200OK))
            .AllowAnonymous();
        dashboard.MapPost("/sign-in", SignInAsync).AllowAnonymous();
        dashboard.MapPost("/sign-out", SignOutAsync).AllowAnonymous();
        return app;
    }

    /// <summary>Whether <paramref name="path"/> is the page itself, with or without its trailing slash.</summary>
    public static bool IsPage(PathString path) => string.Equals(path.Value?.TrimEnd('/'), Path, StringComparison.OrdinalIgnoreCase);

    private static IResult Page(HttpContext context) => Html(context, File.ReadAllText(System.IO.Path.Combine(Site, "index.html")), StatusCodes.Status200OK);

    private static IResult Session(HttpContext context, IAntiforgery antiforgery)
    {
        var actor = RequestActor.Of(context);
        var identity = (ClaimsIdentity)context.User.Identity!;
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Ok(new DashboardSessionView(
            actor.User,
            [.. identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal)],
            actor.Units?.Order(StringComparer.Ordinal).ToList(),
            (actor.Scope ?? actor.Units)?.Order(StringComparer.Ordinal).ToList(),
            tokens.FormFieldName,
            tokens.RequestToken!));
    }

    /// <summary>
    /// Checks the pasted token exactly as a request bearing it would be checked (a ledger token, or a provider's JWT
    /// where one is configured) and opens a session with its claims. A wrong token gets the form again, 401.
    /// </summary>
    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType)
        {
            return NotAForm();
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInPage(context, antiforgery, "Biểu mẫu đã hết hạn. Hãy nhập lại mã truy cập.", StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var token = form[TokenField].ToString().Trim();
        if (token.Length == 0)
        {
            return SignInPage(context, antiforgery, "Hãy nhập mã truy cập.", StatusCodes.Status400BadRequest);
        }

        var checkedToken = token.Length > MaxTokenLength ? AuthenticateResult.NoResult() : await AuthenticateTokenAsync(context, token);
        if (!checkedToken.Succeeded)
        {
            return SignInPage(context, antiforgery, "Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.", StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(DashboardSession.CookieScheme, checkedToken.Principal, new AuthenticationProperties
        {
            IssuedUtc = DateTimeOffset.UtcNow,
            ExpiresUtc = DashboardSession.ExpiryFor(DateTimeOffset.UtcNow, checkedToken.Properties?.ExpiresUtc),
            AllowRefresh = false,
        });
        return Results.LocalRedirect(Path);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType)
        {
            return NotAForm();
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem(Problems.Create(StatusCodes.Status400BadRequest, "The form is not valid.",
                "Signing out takes the form of the dashboard's page, with its antiforgery token.", "antiforgery-token-invalid"));
        }

        await context.SignOutAsync(DashboardSession.CookieScheme);
        return Results.LocalRedirect(SignInPath);
    }

    /// <summary>
    /// The token as the authentication scheme sees it on a request of its own (the current request's handlers have
    /// already authenticated it, without the token, and keep that result).
    /// </summary>
    private static async Task<AuthenticateResult> AuthenticateTokenAsync(HttpContext context, string token)
    {
        await using var scope = context.RequestServices.CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Scheme = context.Request.Scheme;
        probe.Request.Host = context.Request.Host;
        probe.Request.Headers.Authorization = $"Bearer {token}";
        return await probe.AuthenticateAsync(DashboardSession.SessionOrTokenScheme);
    }

    private static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = File.ReadAllText(System.IO.Path.Combine(Site, "sign-in.html"))
            .Replace("{{antiforgeryField}}", Encoder.Encode(tokens.FormFieldName), StringComparison.Ordinal)
            .Replace("{{antiforgeryToken}}", Encoder.Encode(tokens.RequestToken!), StringComparison.Ordinal)
            .Replace("{{message}}", message is null ? "" : $"<p class=\"message\" role=\"alert\">{Encoder.Encode(message)}</p>", StringComparison.Ordinal);
        return Html(context, html, status);
    }

    private static IResult Html(HttpContext context, string html, int status)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    private static IResult NotAForm() => Problems.Validation(new Dictionary<string, string[]>
    {
        ["body"] = ["must be a form (application/x-www-form-urlencoded or multipart/form-data)."],
    });
}

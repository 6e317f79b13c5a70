using Wolverine.Http;

namespace DossierLedger.Api.Security;

/// <summary>
/// Which role reaches which endpoint, decided once from each endpoint's area and whether it only reads. An endpoint in
/// an area not decided here stops the host at start-up: a new area gets a policy on purpose, never by default.
/// </summary>
public static class EndpointPolicies
{
    /// <summary>The policy of <paramref name="route"/> with <paramref name="methods"/>, or null when none was decided.</summary>
    public static string? For(string route, IEnumerable<string> methods)
    {
        var reads = methods.All(m => m is "GET" or "HEAD");
        var area = route.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["api", var first, ..] ? first : "";
        return (area, reads) switch
        {
            // Who holds which token is access management, the administrator's alone.
            ("admin", true) when route.StartsWith("/api/admin/tokens", StringComparison.Ordinal) => Roles.AdminPolicy,
            // Auditors run the read-only checks (verify, projection status) and read the calendar and catalogue
            // history; rebuilding and every change stay the administrator's.
            ("admin", true) or ("audit", true) => Roles.AuditPolicy,
            ("admin", false) => Roles.AdminPolicy,
            ("reports" or "procedures" or "units", true) => Roles.ReportsPolicy,
            // Submitting what was typed by hand for reconciliation is the report builder's work; it changes no figure.
            ("reports", false) when route.StartsWith("/api/reports/reconciliations", StringComparison.Ordinal) => Roles.SubmitReportsPolicy,
            ("dossiers", true) => Roles.ReadDossiersPolicy,
            ("dossiers", false) when route.EndsWith("/apology-approval", StringComparison.Ordinal) => Roles.ApprovePolicy,
            ("dossiers" or "intake-refusals", false) => Roles.WritePolicy,
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="route"/> is open without a token: the public lookup only, which anyone holding a receipt
    /// slip may read (limited per client address instead).
    /// </summary>
    public static bool IsPublic(string route, IEnumerable<string> methods) =>
        route == PublicLookup.PublicLookupEndpoint.Path && methods.All(m => m is "GET" or "HEAD");

    public static void Apply(HttpChain chain)
    {
        var route = chain.RoutePattern!.RawText ?? "";
        if (IsPublic(route, chain.HttpMethods))
        {
            chain.Metadata.AllowAnonymous().RequireRateLimiting(RateLimits.PublicLookupPolicy);
            return;
        }

        var policy = For(route, chain.HttpMethods)
            ?? throw new InvalidOperationException($"{string.Join(',', chain.HttpMethods)} {route} has no decided access policy: add its area to EndpointPolicies.");
        chain.Metadata.RequireAuthorization(policy);
    }
}

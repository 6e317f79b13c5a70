using Wolverine.Http;

namespace DossierLedger.Api.Security;

/// <summary>Which role reaches which endpoint, decided once from each endpoint's route and method.</summary>
public static class EndpointPolicies
{
    public static string For(string route, IEnumerable<string> methods)
    {
        var reads = methods.All(m => m is "GET" or "HEAD");
        return route switch
        {
            _ when route.StartsWith("/api/admin", StringComparison.Ordinal) => Roles.AdminPolicy,
            _ when route.StartsWith("/api/audit", StringComparison.Ordinal) => Roles.AuditPolicy,
            _ when route.StartsWith("/api/reports", StringComparison.Ordinal) => Roles.ReportsPolicy,
            _ when route.StartsWith("/api/procedures", StringComparison.Ordinal) => Roles.ReportsPolicy,
            _ when route.StartsWith("/api/units", StringComparison.Ordinal) => Roles.ReportsPolicy,
            _ when reads => Roles.ReadDossiersPolicy,
            _ => Roles.WritePolicy,
        };
    }

    public static void Apply(HttpChain chain) =>
        chain.Metadata.RequireAuthorization(For(chain.RoutePattern!.RawText ?? "", chain.HttpMethods));
}

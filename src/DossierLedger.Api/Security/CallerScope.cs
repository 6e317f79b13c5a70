using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace DossierLedger.Api.Security;

/// <summary>
/// Who is calling and with which rights, as one hash: what the ledger keeps per caller (idempotency keys) is kept
/// under it. The caller is a ledger token by its id, so another token of the same person is another caller (and a
/// revoked token no longer authenticates at all); a provider's JWT by its issuer and subject, so a refreshed token is
/// the same caller; a JWT without a subject only by itself. The caller's role and unit claims are part of the hash:
/// a provider's token for the same subject with other rights is another caller too.
/// </summary>
public static class CallerScope
{
    /// <summary>The scope of the request's caller; null when nobody is authenticated.</summary>
    public static byte[]? Of(HttpContext context)
    {
        if (context.User.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
        {
            return null;
        }

        var roles = identity.FindAll(identity.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
        var units = identity.FindAll(BearerTokenHandler.UnitClaim).Select(c => c.Value).Order(StringComparer.Ordinal);
        var text = string.Join('\n', Caller(identity, context.Request), string.Join(' ', roles), string.Join(' ', units));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    private static string Caller(ClaimsIdentity identity, HttpRequest request) =>
        identity.AuthenticationType == BearerTokenHandler.SchemeName
            ? $"token {identity.FindFirst(BearerTokenHandler.TokenIdClaim)!.Value}"
            : identity.FindFirst("sub") is { } subject
                ? $"subject {identity.FindFirst("iss")?.Value} {subject.Value}"
                : $"credential {request.Headers.Authorization}";
}

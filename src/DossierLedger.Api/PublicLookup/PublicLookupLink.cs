using DossierLedger.Api.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace DossierLedger.Api.PublicLookup;

/// <summary>
/// The address the receipt slip's QR code opens: the public lookup page for one dossier, its secret included.
/// <c>PublicLookup:BaseUrl</c> names the address citizens reach the ledger by (a public host in front of it); without it,
/// the address the request for the slip came in by.
/// </summary>
public sealed class PublicLookupLink(Uri? configuredBase)
{
    /// <summary>The page's path; its JSON twin is <c>/api/lookup</c> with the same query.</summary>
    public const string PagePath = "/lookup";

    private const string BaseUrlKey = "PublicLookup:BaseUrl";

    /// <summary>Reads and checks the setting; one that is not an absolute http(s) address stops the host with one line naming it.</summary>
    public static PublicLookupLink From(IConfiguration configuration)
    {
        var text = configuration[BaseUrlKey]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new PublicLookupLink(null);
        }

        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new StartupRefusedException(
                $"Refusing to start: {BaseUrlKey} (environment variable PublicLookup__BaseUrl) must be an absolute http or https address, not '{text}'.");
        }

        return new PublicLookupLink(uri);
    }

    /// <summary>The lookup page of <paramref name="receiptNo"/>, opened by <paramref name="secret"/>, for a slip asked for by <paramref name="request"/>.</summary>
    public Uri For(HttpRequest request, string receiptNo, string secret)
    {
        var baseUrl = configuredBase ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/");
        return new Uri(QueryHelpers.AddQueryString(
            new Uri(baseUrl, PagePath.TrimStart('/')).AbsoluteUri,
            new Dictionary<string, string?> { ["receiptNo"] = receiptNo, ["secret"] = secret }));
    }
}

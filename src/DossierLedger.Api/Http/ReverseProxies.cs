using System.Net;
using DossierLedger.Api.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace DossierLedger.Api.Http;

/// <summary>
/// The reverse proxies in front of the node, from <c>Http:KnownProxies</c> (addresses, comma-separated): from them, and
/// only them, <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed, so the client address (what the public
/// lookup's limit is counted by, and what the logs show) is the client's rather than the proxy's. Without the setting no
/// forwarded header is read: anyone could write one.
/// </summary>
public static class ReverseProxies
{
    private const string Key = "Http:KnownProxies";

    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        var proxies = From(app.Configuration);
        if (proxies.Count > 0)
        {
            var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            // Only the proxies named: not the loopback ones ASP.NET Core trusts by default.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            app.UseForwardedHeaders(options);
        }

        return app;
    }

    /// <summary>The addresses configured; one that is not an IP address stops the host with one line naming it.</summary>
    public static IReadOnlyList<IPAddress> From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Key);
        var texts = section.Value is { } value ? value.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        var addresses = new List<IPAddress>();
        foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            addresses.Add(IPAddress.TryParse(text, out var address)
                ? address
                : throw new StartupRefusedException($"Refusing to start: {Key} (environment variable Http__KnownProxies) lists '{text}', which is not an IP address."));
        }

        return addresses;
    }
}

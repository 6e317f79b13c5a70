using System.Globalization;
using System.Threading.RateLimiting;
using DossierLedger.Api.Http;
using DossierLedger.Api.PublicLookup;
using Microsoft.AspNetCore.RateLimiting;

namespace DossierLedger.Api.Security;

/// <summary>
/// Requests per token: a token bucket of <c>Http:RateLimit:Burst</c> requests (default 3,000) refilled at
/// <c>Http:RateLimit:PerSecond</c> (default 200). Past it a caller gets a 429 problem with Retry-After; one
/// busy desk never starves the others. Requests without a token share a bucket per client address.
/// The public lookup has a bucket of its own per client address, much smaller, as it is open to anyone and guarded by
/// its secret only: <c>PublicLookup:RateLimit:Burst</c> lookups (default 5) refilled at <c>PublicLookup:RateLimit:PerMinute</c>
/// (default 10). Behind a reverse proxy the client address is the proxy's unless <c>Http:KnownProxies</c> names it.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy of the public lookup's endpoints.</summary>
    public const string PublicLookupPolicy = "public-lookup";

    public static IServiceCollection AddTokenRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var burst = configuration.GetValue("Http:RateLimit:Burst", 3000);
        var perSecond = configuration.GetValue("Http:RateLimit:PerSecond", 200);
        var lookupBurst = configuration.GetValue("PublicLookup:RateLimit:Burst", 5);
        var lookupsPerMinute = configuration.GetValue("PublicLookup:RateLimit:PerMinute", 10);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.User.FindFirst(BearerTokenHandler.TokenIdClaim)?.Value ?? "address:" + context.Connection.RemoteIpAddress,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = burst,
                        TokensPerPeriod = perSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.AddPolicy(PublicLookupPolicy, context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "",
                    _ => LookupBucket(lookupBurst, lookupsPerMinute)));
            options.OnRejected = async (rejected, cancellation) =>
            {
                var http = rejected.HttpContext;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var lookup = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == PublicLookupPolicy;
                if (lookup && http.Request.Path.StartsWithSegments(PublicLookupLink.PagePath))
                {
                    await PublicLookupPage.TooManyAsync(http, seconds);
                    return;
                }

                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = Problems.Create(StatusCodes.Status429TooManyRequests, "Too many requests.", lookup
                        ? $"This address may look up {lookupBurst:N0} dossiers at once and {lookupsPerMinute:N0} a minute after that; retry in {seconds} s."
                        : $"This token may send {burst:N0} requests at once and {perSecond:N0} a second after that; retry shortly.", "rate-limited"),
                });
            };
        });
    }

    /// <summary>
    /// <paramref name="burst"/> lookups at once, then <paramref name="perMinute"/> a minute: one at a time, evenly spread,
    /// below one a second; by the second above (a bucket refilled more often than that only costs timers).
    /// </summary>
    private static TokenBucketRateLimiterOptions LookupBucket(int burst, int perMinute)
    {
        var (period, tokens) = perMinute >= 60
            ? (TimeSpan.FromSeconds(1), perMinute / 60)
            : (TimeSpan.FromMinutes(1) / Math.Max(1, perMinute), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, burst),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}

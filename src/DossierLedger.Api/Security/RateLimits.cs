using System.Threading.RateLimiting;
using DossierLedger.Api.Http;

namespace DossierLedger.Api.Security;

/// <summary>
/// Requests per token: a token bucket of <c>Http:RateLimit:Burst</c> requests (default 3,000) refilled at
/// <c>Http:RateLimit:PerSecond</c> (default 200). Past it a caller gets a 429 problem with Retry-After; one
/// busy desk never starves the others. Requests without a token share a bucket per client address.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddTokenRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var burst = configuration.GetValue("Http:RateLimit:Burst", 3000);
        var perSecond = configuration.GetValue("Http:RateLimit:PerSecond", 200);
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
            options.OnRejected = async (rejected, cancellation) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                var problems = rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = Problems.Create(StatusCodes.Status429TooManyRequests, "Too many requests.",
                        $"This token may send {burst:N0} requests at once and {perSecond:N0} a second after that; retry shortly.", "rate-limited"),
                });
            };
        });
    }
}

namespace DossierLedger.Api.Http;

/// <summary>
/// Request bodies are small documents; anything over the limit (<c>Http:MaxRequestBodyBytes</c>, default 1 MiB) is
/// refused with a 413 problem before it is read. Kestrel enforces the same limit on bodies without a length.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next, IConfiguration configuration, IProblemDetailsService problems)
{
    public const long DefaultMaxBytes = 1 << 20;

    private readonly long _maxBytes = configuration.GetValue("Http:MaxRequestBodyBytes", DefaultMaxBytes);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _maxBytes)
        {
            await problems.WriteAsync(context, Problems.Create(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                $"Request bodies are limited to {_maxBytes:N0} bytes.", "request-too-large"));
            return;
        }

        await next(context);
    }
}

namespace DossierLedger.Api.Http;

/// <summary>
/// Headers every answer carries. <c>Cache-Control: no-store</c>: answers hold dossiers, reports and token secrets,
/// which no browser or proxy cache should keep. <c>X-Content-Type-Options: nosniff</c>: a browser must take JSON and CSV
/// for what they are declared to be. Set as the answer starts, so problems written after the exception handler cleared
/// the response carry them too.
/// </summary>
public sealed class ResponseHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

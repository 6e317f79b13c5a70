using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace DossierLedger.Api.Infrastructure;

/// <summary>
/// Turns the exceptions that bad input or a lost race can cause into problem responses, so a client
/// never sees a 500 for something it did: unreadable bodies (400), a concurrent write or a duplicate
/// key (409), an unreachable database (503).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem is null)
        {
            return false;
        }

        logger.LogWarning("Request failed with {Status} ({Rule}): {Reason}", problem.Status, problem.Extensions["rule"], exception.GetType().Name);
        httpContext.Response.StatusCode = problem.Status!.Value;
        // The exception handler cleared the response headers; the client still needs its correlation id.
        httpContext.Response.Headers[ActingUserMiddleware.CorrelationHeader] = RequestActor.Of(httpContext).CorrelationId;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                        "The request body is over the size limit.", "request-too-large");
                case JsonException or BadHttpRequestException or FormatException:
                    return Problems.Create(StatusCodes.Status400BadRequest, "The request body could not be read.",
                        "The body is not valid JSON of the expected shape: " + FirstLine(e.Message), "malformed-request");
                case JasperFx.ConcurrencyException:
                    return Problems.Create(StatusCodes.Status409Conflict, "The dossier changed meanwhile.",
                        "Another request changed this dossier first; reload it and decide again.", "version-conflict");
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return Problems.Create(StatusCodes.Status409Conflict, "Duplicate.",
                        "A dossier with this receipt number already exists in this unit.", "duplicate-receipt-number");
                case NpgsqlException { IsTransient: true } or TimeoutException:
                    return Problems.Create(StatusCodes.Status503ServiceUnavailable, "The database is unavailable.",
                        "The ledger's database cannot be reached right now; retry shortly.", "database-unavailable");
            }
        }

        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0];
}

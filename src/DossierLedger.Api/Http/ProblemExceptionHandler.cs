using System.Text.Json;
using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Units;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace DossierLedger.Api.Http;

/// <summary>
/// Turns the exceptions that bad input or a lost race can cause into problem responses, so a client
/// never sees a 500 for something it did: unreadable bodies (400), a concurrent write or a duplicate
/// key (409), an unreachable database or report counters of an older model (503). It logs nothing itself: the request's line names the problem and the
/// exception that decided it (<see cref="RequestLog"/>).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ReceiptNumbers receiptNumbers) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Classify(exception) is not var (problem, cause))
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        // The exception handler cleared the response headers; the client still needs its correlation id.
        httpContext.Response.Headers[ActingUserMiddleware.CorrelationHeader] = RequestActor.Of(httpContext).CorrelationId;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = cause });
    }

    /// <summary>The problem to answer, and the exception in the chain that decided it (its message is the reason logged).</summary>
    private (Microsoft.AspNetCore.Mvc.ProblemDetails Problem, Exception Cause)? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var problem = e switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                    Problems.Create(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                        "The request body is over the size limit.", "request-too-large"),
                JsonException or BadHttpRequestException or FormatException =>
                    Problems.Create(StatusCodes.Status400BadRequest, "The request body could not be read.",
                        "The body is not valid JSON of the expected shape: " + FirstLine(e.Message), Problems.MalformedRequest),
                JasperFx.ConcurrencyException =>
                    Problems.Create(StatusCodes.Status409Conflict, "The dossier changed meanwhile.",
                        "Another request changed this dossier first; reload it and decide again.", Problems.VersionConflictRule),
                PostgresException duplicate when receiptNumbers.AreDuplicatedBy(duplicate) =>
                    Problems.Create(StatusCodes.Status409Conflict, "Duplicate.",
                        "A dossier with this receipt number already exists in this unit.", DossierRules.DuplicateReceiptNo),
                PostgresException { SqlState: UnitSplits.SplitUnitTakesNothing } split =>
                    Problems.Create(StatusCodes.Status409Conflict, "The unit was split.", split.MessageText, Jurisdiction.UnitSplit),
                PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } =>
                    Problems.Create(StatusCodes.Status409Conflict, "Written meanwhile.",
                        "Another request wrote the same record first; reload it and try again.", Problems.ConcurrentWriteRule),
                RebuildRequiredException =>
                    Problems.Create(StatusCodes.Status503ServiceUnavailable, "The report counters must be rebuilt.",
                        e.Message + " See docs/operations.md, \"Upgrading\".", "rebuild-required"),
                NpgsqlException { IsTransient: true } or TimeoutException =>
                    Problems.Create(StatusCodes.Status503ServiceUnavailable, "The database is unavailable.",
                        "The ledger's database cannot be reached right now; retry shortly.", "database-unavailable"),
                _ => null,
            };
            if (problem is not null)
            {
                return (problem, e);
            }
        }

        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0];
}

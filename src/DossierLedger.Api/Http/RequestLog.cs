using Microsoft.AspNetCore.Diagnostics;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace DossierLedger.Api.Http;

/// <summary>
/// The one line Serilog's request logging writes for each request, with the status its client got, at a level an
/// operator can alert on: Error when the host failed (a 500, with the exception and its stack, logged nowhere else);
/// Warning for a known failure answered with a problem (an unreadable body, a write that lost a race, the database
/// unavailable); Information for every other answer. A request the client gave up on before it was answered is
/// logged as 499 (client closed request, as ASP.NET Core's exception handler and nginx call it), at Information.
/// A problem answer's line names its rule (or title) and the first line of its reason.
/// </summary>
public static class RequestLog
{
    /// <summary>The title of the problem Wolverine answers a body it cannot read as JSON with (docs/api.md).</summary>
    private const string WolverineUnreadableBody = "Invalid JSON format";

    /// <summary>How Wolverine logs a body it cannot read: as an error with the stack, which the request's own line replaces.</summary>
    private const string WolverineUnreadableBodyLog = "Error trying to deserialize JSON from incoming HTTP body";

    public static void Configure(RequestLoggingOptions options)
    {
        options.GetLevel = Level;
        options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
        [
            new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
            new LogEventProperty("RequestPath", new ScalarValue(path)),
            new LogEventProperty("StatusCode", new ScalarValue(StatusSent(http, status))),
            new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
        ];
        options.EnrichDiagnosticContext = Enrich;
    }

    /// <summary>Notes what a problem answer says, for the request's line (every problem is written through here).</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var unreadable = problem.Title == WolverineUnreadableBody;
        var rule = problem.Extensions.TryGetValue("rule", out var value) ? value as string : null;
        context.HttpContext.Items[typeof(Description)] = new Description(
            rule ?? (unreadable ? Problems.MalformedRequest : problem.Title),
            (context.Exception?.Message ?? problem.Detail)?.Split('\n')[0],
            Failure: unreadable || context.Exception is not null);
    }

    /// <summary>Wolverine's own log of an unreadable body: dropped, the request's line says it.</summary>
    public static bool IsWolverineUnreadableBody(LogEvent logEvent) =>
        logEvent.MessageTemplate.Text.StartsWith(WolverineUnreadableBodyLog, StringComparison.Ordinal);

    /// <param name="Problem">The problem's rule, else its title.</param>
    /// <param name="Reason">The first line of the exception that decided the answer, else of the problem's detail.</param>
    /// <param name="Failure">
    /// The request failed rather than being refused: the host turned an exception into the problem, or the body
    /// could not be read.
    /// </param>
    private sealed record Description(string? Problem, string? Reason, bool Failure);

    /// <summary>The rule (else the title) of the problem the request was answered with, or null when it was not a problem.</summary>
    public static string? ProblemOf(HttpContext http) => (http.Items[typeof(Description)] as Description)?.Problem;

    /// <summary>
    /// What the client got: nothing when it went away first; once the answer has begun, its status, even when an
    /// exception then escaped (the request logging passes 500 for that).
    /// </summary>
    public static int StatusSent(HttpContext http, int status) =>
        ClientClosed(http) ? StatusCodes.Status499ClientClosedRequest : http.Response.HasStarted ? http.Response.StatusCode : status;

    /// <summary>The client went away before any answer was sent.</summary>
    private static bool ClientClosed(HttpContext http) => http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted;

    private static LogEventLevel Level(HttpContext http, double elapsed, Exception? escaped)
    {
        if (ClientClosed(http))
        {
            return LogEventLevel.Information;
        }

        if (escaped is not null)
        {
            return LogEventLevel.Error;
        }

        return http.Response.StatusCode switch
        {
            StatusCodes.Status503ServiceUnavailable => LogEventLevel.Warning,
            >= 500 => LogEventLevel.Error,
            _ when (http.Items[typeof(Description)] as Description)?.Failure == true => LogEventLevel.Warning,
            _ => LogEventLevel.Information,
        };
    }

    private static void Enrich(IDiagnosticContext context, HttpContext http)
    {
        // The line is written outside ActingUserMiddleware's log context: it names the actor itself.
        var actor = RequestActor.Of(http);
        context.Set("CorrelationId", actor.CorrelationId);
        context.Set("ActingUser", actor.User);
        if (http.Items[typeof(Description)] is Description described)
        {
            context.Set("Problem", described.Problem);
            context.Set("Reason", described.Reason);
        }

        // A 500 answered by the exception handler: its exception, with the stack, goes on this line and nowhere else.
        if (http.Response.StatusCode >= 500 && http.Response.StatusCode != StatusCodes.Status503ServiceUnavailable
            && http.Features.Get<IExceptionHandlerFeature>()?.Error is { } error)
        {
            context.SetException(error);
        }
    }
}

using System.Reflection;
using DossierLedger.Api.Http;
using DossierLedger.Domain.Dossiers;
using Microsoft.AspNetCore.Diagnostics;
using Wolverine.Http;

namespace DossierLedger.Api.Telemetry;

/// <summary>What became of a command on a dossier, as its client was answered.</summary>
public enum CommandOutcome
{
    /// <summary>Decided and recorded (2xx).</summary>
    Accepted,

    /// <summary>Refused before any decision: a bad field, an unreadable or oversized body (400, 413, 415, any other 4xx).</summary>
    Invalid,

    /// <summary>No or an unknown token (401).</summary>
    Unauthenticated,

    /// <summary>The token's role or units do not allow it (403).</summary>
    Forbidden,

    /// <summary>No such dossier (404).</summary>
    NotFound,

    /// <summary>The dossier changed meanwhile: a stale expected version, a lost race (409 <c>version-conflict</c>, <c>concurrent-write</c>).</summary>
    Conflict,

    /// <summary>A rule of the dossier's history refuses it (any other 409: the decider's rules, a receipt number taken, a split unit).</summary>
    RuleViolated,

    /// <summary>Over the token's rate limit (429).</summary>
    Throttled,

    /// <summary>The client went away before it was answered (499).</summary>
    Cancelled,

    /// <summary>The host failed or its database was unavailable (5xx).</summary>
    Failed,
}

/// <summary>
/// Names the command an endpoint decides when it does not take it as a parameter but builds it itself: the intake
/// endpoints (a receipt's number is drawn there) and the payment request (its terms come from the dossier's procedure).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DecidesAttribute(Type command) : Attribute
{
    public Type Command { get; } = command;
}

/// <summary>
/// Counts every command on a dossier once, with its outcome, in one place: each endpoint that decides a
/// <see cref="DossierCommand"/> is marked with the command's name (<see cref="Measure"/>), and a middleware in front of
/// the whole pipeline counts a marked request once it has been answered, whoever answered it (the token check, the
/// rate limit, the endpoint, the exception handler).
/// </summary>
public sealed class CommandMetrics(RequestDelegate next, LedgerMetrics metrics)
{
    /// <summary>The mark on a command endpoint: the command it decides.</summary>
    public sealed record Command(string Name);

    /// <summary>Marks <paramref name="chain"/> when its endpoint decides a command on a dossier.</summary>
    public static void Measure(HttpChain chain)
    {
        var method = chain.Method.Method;
        var command = method.GetCustomAttribute<DecidesAttribute>()?.Command
            ?? method.GetParameters().Select(p => p.ParameterType).FirstOrDefault(t => t.IsAssignableTo(typeof(DossierCommand)));
        if (command is not null)
        {
            chain.Metadata.WithMetadata(new Command(command.Name));
        }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            // The exception handler takes the endpoint off the request while it answers; it keeps it on its feature.
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            if (endpoint?.Metadata.GetMetadata<Command>() is { } command)
            {
                metrics.CommandAnswered(command.Name, OutcomeOf(context));
            }
        }
    }

    /// <summary>The outcome the client was told: its status, and for a 409 the problem's rule.</summary>
    public static CommandOutcome OutcomeOf(HttpContext context) =>
        RequestLog.StatusSent(context, context.Response.StatusCode) switch
        {
            < 300 => CommandOutcome.Accepted,
            StatusCodes.Status401Unauthorized => CommandOutcome.Unauthenticated,
            StatusCodes.Status403Forbidden => CommandOutcome.Forbidden,
            StatusCodes.Status404NotFound => CommandOutcome.NotFound,
            StatusCodes.Status409Conflict when RequestLog.ProblemOf(context) is Problems.VersionConflictRule or Problems.ConcurrentWriteRule =>
                CommandOutcome.Conflict,
            StatusCodes.Status409Conflict => CommandOutcome.RuleViolated,
            StatusCodes.Status429TooManyRequests => CommandOutcome.Throttled,
            StatusCodes.Status499ClientClosedRequest => CommandOutcome.Cancelled,
            < 500 => CommandOutcome.Invalid,
            _ => CommandOutcome.Failed,
        };

    /// <summary>Puts the middleware in front of the application's pipeline, so it sees the status every other part set.</summary>
    public sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<CommandMetrics>();
            next(app);
        };
    }
}

/// <summary>The outcomes' names as tag values.</summary>
public static class CommandOutcomeNames
{
    public static string Name(this CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Accepted => "accepted",
        CommandOutcome.Invalid => "invalid",
        CommandOutcome.Unauthenticated => "unauthenticated",
        CommandOutcome.Forbidden => "forbidden",
        CommandOutcome.NotFound => "not-found",
        CommandOutcome.Conflict => "conflict",
        CommandOutcome.RuleViolated => "rule-violated",
        CommandOutcome.Throttled => "throttled",
        CommandOutcome.Cancelled => "cancelled",
        CommandOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a command outcome."),
    };
}

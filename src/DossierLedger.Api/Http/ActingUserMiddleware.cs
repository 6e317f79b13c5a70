using Marten;
using Serilog.Context;

namespace DossierLedger.Api.Http;

/// <summary>
/// Who is acting and under which correlation id, for every request: taken from the
/// authenticated token's holder and the <c>X-Correlation-ID</c> header (a correlation id is made when none is sent),
/// echoed back, pushed into the log context, and stamped on the events a request appends.
/// </summary>
public sealed class ActingUserMiddleware(RequestDelegate next, Units.UnitDirectory directory)
{
    public const string CorrelationHeader = "X-Correlation-ID";
    private const int MaxHeaderLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Clean(context.Request.Headers[CorrelationHeader].ToString()) ?? context.TraceIdentifier;
        var user = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";
        var units = context.User.FindAll(Security.BearerTokenHandler.UnitClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        // A token for a province acts for its communes, and a merged commune's for its predecessors.
        var scope = units.Count == 0 ? null : (await directory.CurrentAsync(context.RequestAborted)).Scope(units);
        context.Items[typeof(RequestActor)] = new RequestActor(user, correlationId, units.Count == 0 ? null : units, scope);
        context.Response.Headers[CorrelationHeader] = correlationId;
        using (LogContext.PushProperty("CorrelationId", correlationId))
        using (LogContext.PushProperty("ActingUser", user))
        {
            await next(context);
        }
    }

    private static string? Clean(string value)
    {
        value = value.Trim();
        return value.Length == 0 ? null : value.Length > MaxHeaderLength ? value[..MaxHeaderLength] : value;
    }
}

/// <summary>The acting user and correlation id of one request.</summary>
/// <param name="Units">The units the caller's token is for; null when it is not limited to any.</param>
/// <param name="Scope">Every unit those stand for in the registry: the units under them and merged into them.</param>
public sealed record RequestActor(string User, string CorrelationId, IReadOnlySet<string>? Units = null, IReadOnlySet<string>? Scope = null)
{
    public static RequestActor Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(RequestActor), out var actor) && actor is RequestActor known
            ? known
            : new RequestActor("anonymous", context.TraceIdentifier);

    public bool MayActFor(string unitCode) => Units is null || (Scope ?? Units).Contains(unitCode);

    /// <summary>
    /// For reads that take an optional unit: a token limited to units must name one of them (it may not read
    /// across every unit); null when the read may go ahead.
    /// </summary>
    public IResult? CheckRead(string? unitCode) => (Units, unitCode) switch
    {
        (null, _) => null,
        (_, null) => Problems.Validation(new Dictionary<string, string[]>
        {
            ["unit"] = [$"is required for a token limited to units ({string.Join(", ", Units.Order(StringComparer.Ordinal))})."],
        }),
        _ => MayActFor(unitCode) ? null : Problems.OtherUnit(unitCode),
    };

    /// <summary>Marks what the session appends as this actor's doing (Marten event metadata).</summary>
    public void Stamp(IDocumentSession session)
    {
        session.LastModifiedBy = User;
        session.CorrelationId = CorrelationId;
    }
}

using DossierLedger.Api.NationalPortal;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Storage;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Hosting;

/// <summary>
/// <c>GET /health</c>: 200 when the node is ready and the database answers; 503 "starting" while the node still waits
/// for something (<see cref="NodeReadiness"/>), 503 when the database is unreachable. In async projection mode it also
/// says how many events the projections are behind (0: every view and report shows every committed write); lag is not
/// ill health. With the national-portal feed on, <c>nationalPortal</c> says how the feed fares (a failing feed is not ill
/// health of the node either).
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/health";

    /// <summary>Whether this node is ready and reaches its database: 200 <c>healthy</c>, or 503 <c>starting</c> or unreachable.</summary>
    public static async Task<IResult> Check(
        IDocumentStore store, NodeReadiness readiness, ProjectionSettings projections, ProjectionStatus status, PortalFeedHealth portal,
        CancellationToken cancellation)
    {
        if (readiness.WaitingFor is { Count: > 0 } waiting)
        {
            return Results.Json(new { status = "starting", waitingFor = waiting }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            if (projections.IsAsync)
            {
                var behind = await status.BehindAsync(cancellation);
                return Results.Ok(new { status = "healthy", projections = new { mode = "async", behind }, nationalPortal = portal.Detail() });
            }

            await using var connection = await store.OpenConnectionAsync(cancellation);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellation);
            return Results.Ok(new { status = "healthy", nationalPortal = portal.Detail() });
        }
        catch (NpgsqlException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is unreachable.");
        }
    }
}

using Marten;
using Npgsql;

namespace DossierLedger.Api.Infrastructure;

/// <summary>
/// <c>GET /health</c>: 200 when the database answers, 503 otherwise. In async projection mode it also says how many
/// events the projections are behind (0: every view and report shows every committed write); lag is not ill health.
/// </summary>
public static class HealthEndpoint
{
    public static async Task<IResult> Check(IDocumentStore store, ProjectionSettings projections, ProjectionStatus status, CancellationToken cancellation)
    {
        try
        {
            if (projections.IsAsync)
            {
                var behind = await status.BehindAsync(cancellation);
                return Results.Ok(new { status = "healthy", projections = new { mode = "async", behind } });
            }

            await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellation);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellation);
            return Results.Ok(new { status = "healthy" });
        }
        catch (NpgsqlException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is unreachable.");
        }
    }
}

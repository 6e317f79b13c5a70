using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Projections;

/// <summary>
/// Keeps the async shards' positions true across a change of <c>Projections:Mode</c>. Inline projections record no
/// position in the log: a shard started after them would replay the whole log (or everything
/// after its position from an earlier async period) onto projections that already hold those events. So every node
/// records at start-up the mode it runs in (<c>dl_projection_mode</c>, one row), and the first async node after
/// inline ones sets both shards' positions to the end of the log before any shard starts. A database whose
/// projections are empty (new, or events loaded without projections) keeps position 0: the shards project it all.
/// </summary>
/// <remarks>Runs when a node starts, not in command-line commands, which take no part in projecting.</remarks>
public sealed class ProjectionModeSwitch(IDocumentStore store, ProjectionSettings settings, ILogger<ProjectionModeSwitch> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mode = settings.IsAsync ? "async" : "inline";
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Nodes starting together decide one after the other.
        await using (var setup = new NpgsqlCommand("SELECT pg_advisory_xact_lock(4242002)", connection, transaction))
        {
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        var recorded = await ScalarAsync<string>(connection, transaction, "SELECT mode FROM dl_projection_mode WHERE id = 1", cancellationToken);
        if (recorded == mode)
        {
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        if (settings.IsAsync && (recorded == "inline" || await ProjectionsHoldDataAsync(connection, transaction, DocumentTable(), cancellationToken)))
        {
            var end = await MartenTables.HighWaterMarkAsync(connection, transaction, cancellationToken);
            await MartenTables.SetPositionAsync(connection, transaction, ProjectionStatus.Shards, end, cancellationToken);
            logger.LogInformation("Projections switch from inline to async: the shards start after event {Sequence}, the last one projected inline", end);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO dl_projection_mode (id, mode) VALUES (1, @mode) ON CONFLICT (id) DO UPDATE SET mode = excluded.mode, changed_at = now()",
            connection, transaction))
        {
            record.Parameters.AddWithValue("mode", mode);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string DocumentTable() => store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;

    /// <summary>A ledger from before the mode was recorded ran inline; its projections hold data unless they were never run.</summary>
    private static async Task<bool> ProjectionsHoldDataAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string documentTable, CancellationToken cancellation)
    {
        foreach (var table in new[] { documentTable, DossierFactsTable.Name })
        {
            if (await ScalarAsync<bool>(connection, transaction, $"SELECT to_regclass('{table}') IS NOT NULL", cancellation)
                && await ScalarAsync<bool>(connection, transaction, $"SELECT EXISTS (SELECT 1 FROM {table})", cancellation))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellation) is T value ? value : default;
    }
}

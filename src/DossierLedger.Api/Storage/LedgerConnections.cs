using Marten;
using Npgsql;

namespace DossierLedger.Api.Storage;

/// <summary>A connection of the store's own pool, for the ledger's SQL beside Marten's sessions.</summary>
public static class LedgerConnections
{
    /// <summary>An open connection to the store's database; the caller disposes it.</summary>
    public static async Task<NpgsqlConnection> OpenConnectionAsync(this IDocumentStore store, CancellationToken cancellation)
    {
        var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellation);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

using Marten;
using Npgsql;

namespace DossierLedger.Api.Infrastructure;

/// <summary>
/// Applies the project's own SQL next to the schema Marten manages: the report tables, their trigger and
/// functions (Reports/report_schema.sql), the event log's hash chain and immutability (Audit/event_chain.sql), the token
/// table (Security/api_tokens.sql) and the receipt-number claims of async mode (Dossiers/receipt_claims.sql).
/// The scripts are idempotent and run at every start, after Marten has created its tables.
/// </summary>
public sealed class LedgerSchema(IDocumentStore store) : IHostedService
{
    private static readonly string[] Scripts = [
        "DossierLedger.Api.Reports.report_schema.sql", "DossierLedger.Api.Audit.event_chain.sql", "DossierLedger.Api.Security.api_tokens.sql",
        "DossierLedger.Api.Dossiers.receipt_claims.sql",
    ];

    private static readonly Lazy<string> Sql = new(() => string.Join("\n", Scripts.Select(name =>
    {
        using var stream = typeof(LedgerSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    })));

    public async Task ApplyAsync(CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        // Serialise concurrent starts (two nodes, parallel test hosts) on an advisory lock.
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // No time limit: on a large ledger a migration (a new table filled from the counters) takes what it takes.
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(4242001); {Sql.Value}", connection, transaction)
        {
            CommandTimeout = 0,
        };
        await command.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }

    public Task StartAsync(CancellationToken cancellationToken) => ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Marten;
using Npgsql;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Creates the report tables, their trigger and functions (report_schema.sql, idempotent) at start-up,
/// next to the schema Marten manages for events and documents.
/// </summary>
public sealed class ReportSchema(IDocumentStore store) : IHostedService
{
    private static readonly Lazy<string> Sql = new(() =>
    {
        using var stream = typeof(ReportSchema).Assembly.GetManifestResourceStream("DossierLedger.Api.Reports.report_schema.sql")
            ?? throw new InvalidOperationException("report_schema.sql is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public async Task ApplyAsync(CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        // Serialise concurrent starts (two nodes, parallel test hosts) on an advisory lock.
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock(4242001); {Sql.Value}", connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }

    public Task StartAsync(CancellationToken cancellationToken) => ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

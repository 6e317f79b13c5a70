using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Infrastructure;

/// <summary>
/// Brings the database to what this build expects: Marten's own schema, then the project's SQL next to it — the
/// report tables (Reports/report_schema.sql), the event log's hash chain and
/// immutability (Audit/event_chain.sql), the token and idempotency tables (Security/api_tokens.sql) and the
/// receipt-number claims of async mode (Dossiers/receipt_claims.sql).
/// </summary>
/// <remarks>
/// The scripts are idempotent but replace the chain's triggers, which takes the strongest table locks: run at every start, they
/// deadlocked with the chain linker working through a bulk load (3 starts in 4 failed). So the database remembers the
/// checksum of the scripts it last ran, and a start with the same scripts changes nothing. When they did change (an
/// upgrade), one node applies them under an advisory lock that the chain linkers of every node take shared, and a
/// deadlock with an append still in flight is retried: the scripts run in one transaction, so a retry starts clean.
/// </remarks>
public sealed class LedgerSchema(IDocumentStore store, ILogger<LedgerSchema> logger) : IHostedService
{
    /// <summary>The advisory lock the scripts are applied under; linkers take it shared.</summary>
    public const long ApplyLock = 4242001;

    private const int Attempts = 5;

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

    private static readonly Lazy<string> Checksum = new(() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Value))));

    private readonly TaskCompletionSource _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this process has brought the schema up to date (what background work waits for).</summary>
    public Task Applied => _applied.Task;

    public async Task ApplyAsync(CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyUnderLockAsync(cancellation);
                _applied.TrySetResult();
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable && attempt < Attempts)
            {
                logger.LogInformation("Ledger schema: {Reason}; trying again ({Attempt} of {Attempts})", e.MessageText, attempt + 1, Attempts);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellation);
            }
        }
    }

    /// <summary>
    /// Marten's migration and the ledger's scripts under one lock held by this connection's session, so concurrent
    /// starts (two nodes, parallel test hosts) run them one after the other: the later one finds nothing to do.
    /// </summary>
    private async Task ApplyUnderLockAsync(CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({ApplyLock})", cancellation);
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await ApplyScriptsAsync(connection, cancellation);
            await EnsureCurrentChainKeyAsync(connection, cancellation);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({ApplyLock})", CancellationToken.None);
        }
    }

    private async Task ApplyScriptsAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var setup = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS dl_ledger_schema (
                id         int         PRIMARY KEY CHECK (id = 1),
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection, transaction))
        {
            await setup.ExecuteNonQueryAsync(cancellation);
        }

        await using (var check = new NpgsqlCommand("SELECT checksum FROM dl_ledger_schema WHERE id = 1", connection, transaction))
        {
            if (await check.ExecuteScalarAsync(cancellation) as string == Checksum.Value)
            {
                await transaction.CommitAsync(cancellation);
                return;
            }
        }

        // No time limit: on a large ledger a migration (a new table filled from the counters) takes what it takes.
        await using (var apply = new NpgsqlCommand(Sql.Value, connection, transaction) { CommandTimeout = 0 })
        {
            await apply.ExecuteNonQueryAsync(cancellation);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO dl_ledger_schema (id, checksum) VALUES (1, @checksum) ON CONFLICT (id) DO UPDATE SET checksum = excluded.checksum, applied_at = now()",
            connection, transaction))
        {
            record.Parameters.AddWithValue("checksum", Checksum.Value);
            await record.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
        logger.LogInformation("Ledger schema brought up to date ({Checksum})", Checksum.Value[..12]);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>
    /// Refuses a key the chain is no longer extended with: a node left on it after a rotation would fingerprint what it
    /// appends with that key, and those events would never be linked.
    /// </summary>
    private static async Task EnsureCurrentChainKeyAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT key_id = dl_chain_key_id(current_setting('dl.chain_key', true))
            FROM dl_chain_key_epochs ORDER BY from_position DESC LIMIT 1
            """, connection);
        if (await command.ExecuteScalarAsync(cancellation) is false)
        {
            throw new StartupRefusedException(
                "Refusing to start: Audit:ChainKey is not the key the event chain is extended with now (it was rotated). Set Audit:ChainKey to the current key, and the earlier ones in Audit:PreviousChainKeys (docs/operations.md, \"The chain key\").");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => ApplyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

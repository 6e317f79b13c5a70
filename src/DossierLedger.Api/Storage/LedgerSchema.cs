using System.Security.Cryptography;
using System.Text;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Reports;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Storage;

/// <summary>One numbered migration of the ledger's own schema (Storage/Schema/NNNN_name.sql).</summary>
/// <param name="Version">Its number: migrations run once each, in this order.</param>
/// <param name="Name">What it does, from its file name.</param>
/// <param name="Sql">Its text.</param>
/// <param name="Sha256">The hash of its text, recorded when it runs: an applied migration is never edited.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql, string Sha256);

/// <summary>
/// Brings the database to what this build expects: Marten's own schema, then the ledger's own objects beside it (the
/// report tables, the event chain's tables, functions and triggers on <c>mt_events</c>, the token, idempotency,
/// receipt-claim and projection-mode tables) through the numbered migrations in Storage/Schema. Each runs once,
/// in order, in a transaction of its own, and is recorded in <c>dl_schema_migrations</c> with the hash of its text.
/// </summary>
/// <remarks>
/// Everything runs under an advisory lock that the chain linkers of every node take shared: a migration that replaces
/// a trigger on <c>mt_events</c> takes the strongest table locks, and run beside a linker at work it deadlocked (3 starts
/// in 4 right after a bulk load, when scripts ran at every start). A deadlock with an append still in flight on
/// another node is retried; migrations already committed are not run again. A database set up before numbered
/// migrations (by scripts re-applied whenever their checksum changed, recorded in <c>dl_ledger_schema</c>) is adopted
/// once: brought to those scripts' last state if it is not there yet, then recorded at the baseline.
/// </remarks>
public sealed class LedgerSchema(IDocumentStore store, ILogger<LedgerSchema> logger) : IHostedService
{
    /// <summary>The advisory lock migrations run under; linkers take it shared.</summary>
    public const long ApplyLock = 4242001;

    /// <summary>Where the migrations are recorded.</summary>
    public const string History = "dl_schema_migrations";

    /// <summary>
    /// The checksum the earlier scripts recorded in <c>dl_ledger_schema</c> in their last state, which is also the hash
    /// of <see cref="LegacyScripts"/>: a database recorded with it holds exactly the baseline.
    /// </summary>
    public const string LegacyChecksum = "f1ae403053ed9fe0cab03046afc5a84eb5eec758c992bfc94aabe325187e877b";

    private const int Attempts = 5;

    private const string Resources = "Schema/";

    /// <summary>Every migration this build knows, in order.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations => LoadedMigrations.Value;

    /// <summary>
    /// The earlier scripts exactly as they last ran, frozen: run once on a database they left at an older state (idempotent,
    /// they bring any of their states up to their last one), and never edited.
    /// </summary>
    public static string LegacyScripts => Resource("Schema/legacy_scripts.sql").Text;

    private static readonly Lazy<List<SchemaMigration>> LoadedMigrations = new(LoadMigrations);

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
    /// Marten's migration and the ledger's under one lock held by this connection's session, so concurrent starts (two
    /// nodes, parallel test hosts) run them one after the other: the later one finds nothing to do.
    /// </summary>
    private async Task ApplyUnderLockAsync(CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({ApplyLock})", cancellation);
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await MigrateAsync(connection, cancellation);
            await ReportModelStamp.RecordIfNoDossiersAsync(connection, new MartenTables(store), cancellation);
            await EnsureCurrentChainKeyAsync(connection, cancellation);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({ApplyLock})", CancellationToken.None);
        }
    }

    private async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        if (!await ExistsAsync(connection, History, cancellation))
        {
            await StartHistoryAsync(connection, cancellation);
        }

        var applied = new Dictionary<int, (string Name, string Sha256)>();
        await using (var command = new NpgsqlCommand($"SELECT version, name, sha256 FROM {History}", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        if (Refusal(applied, Migrations) is { } refusal)
        {
            throw new StartupRefusedException(refusal);
        }

        foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            // No time limit: on a large ledger a migration (a new index over the log, a table filled from another) takes what it takes.
            await ExecuteAsync(connection, transaction, migration.Sql, cancellation);
            await RecordAsync(connection, transaction, migration, cancellation);
            await transaction.CommitAsync(cancellation);
            logger.LogInformation("Ledger schema: migration {Version} ({Name}) applied", migration.Version, migration.Name);
        }
    }

    /// <summary>
    /// Why this build may not run on a database with these migrations applied: one it does not know (a later build
    /// migrated the database), or one whose text changed since it ran. Null when it may.
    /// </summary>
    public static string? Refusal(IReadOnlyDictionary<int, (string Name, string Sha256)> applied, IReadOnlyList<SchemaMigration> known)
    {
        foreach (var (version, (name, sha256)) in applied.OrderBy(a => a.Key))
        {
            var migration = known.FirstOrDefault(m => m.Version == version);
            if (migration is null)
            {
                return $"Refusing to start: the database has schema migration {version} ({name}), which this build does not know; it was migrated by a later version of DossierLedger.";
            }

            if (migration.Sha256 != sha256)
            {
                return $"Refusing to start: schema migration {version} ({migration.Name}) was edited after it was applied to this database (recorded sha256 {sha256[..12]}…, now {migration.Sha256[..12]}…). An applied migration is never changed: restore its text and add the change as a new migration.";
            }
        }

        return null;
    }

    /// <summary>
    /// Creates the history. A database the earlier scripts set up is recorded at the baseline, after running the frozen
    /// scripts once unless they left it in their last state; its checksum table goes. All in one transaction.
    /// </summary>
    private async Task StartHistoryAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE {History} (
                version    int         PRIMARY KEY,
                name       text        NOT NULL,
                sha256     text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellation);
        // The counters' table is the oldest of the ledger's objects: a database without it never ran the scripts.
        if (await ExistsAsync(connection, "dl_report_buckets", cancellation))
        {
            var checksum = await ExistsAsync(connection, "dl_ledger_schema", cancellation)
                ? await ScalarAsync(connection, transaction, "SELECT checksum FROM dl_ledger_schema WHERE id = 1", cancellation)
                : null;
            if (checksum != LegacyChecksum)
            {
                await ExecuteAsync(connection, transaction, LegacyScripts, cancellation);
                logger.LogInformation("Ledger schema: brought up to the last state of the scripts before numbered migrations");
            }

            await ExecuteAsync(connection, transaction, "DROP TABLE IF EXISTS dl_ledger_schema", cancellation);
            await RecordAsync(connection, transaction, Migrations[0], cancellation);
            logger.LogInformation("Ledger schema: a database set up by the earlier scripts is recorded at migration 1 ({Name})", Migrations[0].Name);
        }

        await transaction.CommitAsync(cancellation);
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaMigration migration, CancellationToken cancellation)
    {
        await using var record = new NpgsqlCommand($"INSERT INTO {History} (version, name, sha256) VALUES (@version, @name, @sha256)", connection, transaction);
        record.Parameters.AddWithValue("version", migration.Version);
        record.Parameters.AddWithValue("name", migration.Name);
        record.Parameters.AddWithValue("sha256", migration.Sha256);
        await record.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The embedded NNNN_name.sql files, numbered 1, 2, … without a gap.</summary>
    private static List<SchemaMigration> LoadMigrations()
    {
        var migrations = typeof(LedgerSchema).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Resources, StringComparison.Ordinal) && char.IsAsciiDigit(name[Resources.Length]))
            .Select(name =>
            {
                var file = Path.GetFileNameWithoutExtension(name[Resources.Length..]);
                var separator = file.IndexOf('_', StringComparison.Ordinal);
                var (text, sha256) = Resource(name);
                return new SchemaMigration(int.Parse(file[..separator], System.Globalization.CultureInfo.InvariantCulture), file[(separator + 1)..], text, sha256);
            })
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Schema migrations are numbered 1, 2, … without a gap or a repeat; found {migrations[i].Version} in place {i + 1}.");
            }
        }

        return migrations;
    }

    private static (string Text, string Sha256) Resource(string name)
    {
        using var stream = typeof(LedgerSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        return (Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        command.Parameters.AddWithValue("table", table);
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellation) as string;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
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

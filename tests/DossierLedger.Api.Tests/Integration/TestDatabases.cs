using DossierLedger.Api.Hosting;
using DossierLedger.Api.Storage;
using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Databases of their own, for tests that run the API as separate processes, and plain queries on them.</summary>
public static class TestDatabases
{
    /// <summary>
    /// A counter bucket row that counts something. Where a dossier's facts move away from a day, the projection leaves
    /// that day's row at zero, depending on how its events were batched; a rebuild or an import writes none. Such rows
    /// count nothing, so comparisons of stored counters leave them out.
    /// </summary>
    public static readonly string CountingBuckets = string.Join(" OR ", DossierLedger.Api.Reports.CounterTables.CounterColumns.Select(c => $"{c} <> 0"));

    /// <summary>An empty database on the local cluster, or on the server <c>ConnectionStrings__DossierLedgerTests</c> names.</summary>
    public static async Task<string> FreshAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("ConnectionStrings__DossierLedgerTests") is not { } external)
        {
            return await LocalPostgres.EnsureDatabaseAsync(name, fresh: true);
        }

        var admin = new NpgsqlConnectionStringBuilder(external) { Database = "postgres" }.ConnectionString;
        await TextAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await TextAsync(admin, $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0");
        return new NpgsqlConnectionStringBuilder(external) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Makes a migrated database look as the scripts before numbered migrations left it, with their checksum
    /// <paramref name="checksum"/> (an older one: the next start runs the frozen scripts again before recording the baseline).
    /// </summary>
    public static Task ForgetMigrationsAsync(string connectionString, string checksum) => TextAsync(connectionString, $"""
        DROP TABLE {LedgerSchema.History};
        CREATE TABLE dl_ledger_schema (id int PRIMARY KEY CHECK (id = 1), checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO dl_ledger_schema (id, checksum) VALUES (1, '{checksum}');
        """);

    public static async Task<long> ScalarAsync(string connectionString, string sql) =>
        long.Parse(await TextAsync(connectionString, sql), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<string> TextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 120 };
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}

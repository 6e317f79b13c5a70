using DossierLedger.Api.Storage;
using DossierLedger.Domain.Reports;
using Npgsql;

namespace DossierLedger.Api.Reports;

/// <summary>
/// A report was asked of counters derived for an older <see cref="ReportModel"/> than this build's: until a rebuild
/// derives them again, the figures of the newer counters would be missing (an HTTP 503 <c>rebuild-required</c>).
/// </summary>
public sealed class RebuildRequiredException(int recorded)
    : Exception($"The report counters were derived for report model {recorded}; this version reads model {ReportModel.Version}. "
        + "Run the rebuild command (DossierLedger.Api rebuild; or POST /api/admin/projections/rebuild as an admin) to derive them again.")
{
    public int Recorded { get; } = recorded;
}

/// <summary>
/// The report model a database's counters were derived for, recorded in <c>dl_report_model</c> (one row). A ledger
/// without dossier events is of the current model when it starts (nothing in it is derived yet); <c>rebuild</c> derives
/// everything again and records the current model; a ledger upgraded with dossiers in it keeps the model it had (none
/// recorded: model 1) and answers no report until it is rebuilt.
/// </summary>
public static class ReportModelStamp
{
    public const string Table = "dl_report_model";

    /// <summary>The recorded model (1 when none is): one statement, run in the same round trip as a report's set-up.</summary>
    public const string RecordedSql = $"SELECT coalesce((SELECT version FROM {Table} WHERE id = 1), 1)";

    /// <summary>Records the current model, in the connection's transaction if it has one.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"""
            INSERT INTO {Table} (id, version) VALUES (1, @version)
            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, stamped_at = now()
            """, connection);
        command.Parameters.AddWithValue("version", ReportModel.Version);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>At start, after the migrations: a ledger recorded at an older model that holds no dossier events is of the current one.</summary>
    public static async Task RecordIfNoDossiersAsync(NpgsqlConnection connection, MartenTables tables, CancellationToken cancellation)
    {
        if (await RecordedAsync(connection, cancellation) < ReportModel.Version && !await tables.AnyDossierEventAsync(connection, cancellation))
        {
            await RecordAsync(connection, cancellation);
        }
    }

    public static async Task<int> RecordedAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(RecordedSql, connection);
        return (int)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Refuses counters of an older model than this build reads.</summary>
    public static void Check(int recorded)
    {
        if (recorded < ReportModel.Version)
        {
            throw new RebuildRequiredException(recorded);
        }
    }
}

using DossierLedger.Api.Infrastructure;
using DossierLedger.Domain.Reports;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Stores <see cref="CounterChanges"/> in the counter tables: <c>dl_report_buckets</c> by field and procedure, and
/// <c>dl_report_unit_buckets</c> per unit. Each table takes one statement that adds every changed row at once, the
/// rows in key order so that concurrent writers lock them in the same order. The counter columns follow
/// <see cref="ReportCounter"/> (ReceivedDirect → received_direct); no rule of the reports is decided here.
/// </summary>
public static class CounterTables
{
    public const string Detailed = "dl_report_buckets";
    public const string Units = "dl_report_unit_buckets";

    /// <summary>One stored column per counter, in counter order.</summary>
    public static readonly IReadOnlyList<string> CounterColumns =
        Enum.GetValues<ReportCounter>().Select(c => SnakeCase.Of(c.ToString())).ToArray();

    private static readonly string DetailedUpsert = Upsert(Detailed, ["unit_code", "grain", "bucket", "field_code", "procedure_code"]);
    private static readonly string UnitUpsert = Upsert(Units, ["unit_code", "grain", "bucket"]);

    /// <summary>Queues the changes into a Marten session's batch: they commit with the events that caused them.</summary>
    public static void Queue(IDocumentOperations operations, CounterChanges changes)
    {
        if (!changes.IsEmpty)
        {
            operations.QueueSqlCommand(DetailedUpsert, Arrays(changes.Detailed, detailed: true));
            operations.QueueSqlCommand(UnitUpsert, Arrays(changes.UnitTotals, detailed: false));
        }
    }

    /// <summary>Adds the changes in the connection's transaction (the import's batches).</summary>
    public static async Task AddAsync(NpgsqlConnection connection, CounterChanges changes, CancellationToken cancellation)
    {
        if (changes.IsEmpty)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        foreach (var (sql, values) in new[]
        {
            (DetailedUpsert, Arrays(changes.Detailed, detailed: true)),
            (UnitUpsert, Arrays(changes.UnitTotals, detailed: false)),
        })
        {
            var command = new NpgsqlBatchCommand(Positional(sql));
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Copies the changes into emptied tables as their rows (the rebuild's path, where nothing is there to add to).</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, CounterChanges changes, CancellationToken cancellation)
    {
        await CopyAsync(connection, Detailed, changes.Detailed, detailed: true, cancellation);
        await CopyAsync(connection, Units, changes.UnitTotals, detailed: false, cancellation);
    }

    private static async Task CopyAsync(
        NpgsqlConnection connection, string table, IReadOnlyDictionary<CounterBucket, long[]> rows, bool detailed, CancellationToken cancellation)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", KeyColumns(detailed).Concat(CounterColumns))}) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var (bucket, values) in rows)
        {
            await copy.StartRowAsync(cancellation);
            await copy.WriteAsync(bucket.UnitCode, NpgsqlDbType.Text, cancellation);
            await copy.WriteAsync((char)bucket.Grain, NpgsqlDbType.InternalChar, cancellation);
            await copy.WriteAsync(bucket.Start.ToDateOnly(), NpgsqlDbType.Date, cancellation);
            if (detailed)
            {
                await copy.WriteAsync(bucket.FieldCode!, NpgsqlDbType.Text, cancellation);
                await copy.WriteAsync(bucket.ProcedureCode!, NpgsqlDbType.Text, cancellation);
            }

            foreach (var value in values)
            {
                await copy.WriteAsync(value, NpgsqlDbType.Bigint, cancellation);
            }
        }

        await copy.CompleteAsync(cancellation);
    }

    private static string[] KeyColumns(bool detailed) =>
        detailed ? ["unit_code", "grain", "bucket", "field_code", "procedure_code"] : ["unit_code", "grain", "bucket"];

    /// <summary>
    /// <c>INSERT … SELECT FROM unnest(one array per column) ORDER BY key ON CONFLICT DO UPDATE</c> adding each counter;
    /// the parameters are <c>?</c> (Marten's placeholder).
    /// </summary>
    private static string Upsert(string table, string[] key)
    {
        var types = key.Select(k => k switch
        {
            "grain" => "?::\"char\"[]",
            "bucket" => "?::date[]",
            _ => "?::text[]",
        }).Concat(CounterColumns.Select(_ => "?::bigint[]"));
        var order = string.Join(", ", Enumerable.Range(1, key.Length));
        return $"INSERT INTO {table} AS b ({string.Join(", ", key.Concat(CounterColumns))}) "
            + $"SELECT * FROM unnest({string.Join(", ", types)}) ORDER BY {order} "
            + $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET "
            + string.Join(", ", CounterColumns.Select(c => $"{c} = b.{c} + EXCLUDED.{c}"));
    }

    /// <summary>Marten's <c>?</c> placeholders as Npgsql's positional <c>$1, $2, …</c>.</summary>
    private static string Positional(string sql)
    {
        var n = 0;
        return string.Concat(sql.Select(c => c == '?' ? $"${++n}" : c.ToString()));
    }

    /// <summary>The rows as one array per column: the key columns, then the counters.</summary>
    private static object[] Arrays(IReadOnlyDictionary<CounterBucket, long[]> rows, bool detailed)
    {
        var buckets = rows.Keys.ToArray();
        var columns = new List<object>
        {
            buckets.Select(b => b.UnitCode).ToArray(),
            buckets.Select(b => ((char)b.Grain).ToString()).ToArray(),
            buckets.Select(b => b.Start.ToDateOnly()).ToArray(),
        };
        if (detailed)
        {
            columns.Add(buckets.Select(b => b.FieldCode!).ToArray());
            columns.Add(buckets.Select(b => b.ProcedureCode!).ToArray());
        }

        for (var counter = 0; counter < CounterColumns.Count; counter++)
        {
            columns.Add(buckets.Select(b => rows[b][counter]).ToArray());
        }

        return [.. columns];
    }
}

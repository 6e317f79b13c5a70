using DossierLedger.Api.Storage;
using DossierLedger.Domain.Reports;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Stores <see cref="CounterChanges"/>. A write appends its changes to <c>dl_counter_changes</c>, one row per changed
/// bucket, touching no row another write could hold: a unit's day, month and year rows, which every receipt of the
/// unit changes, would otherwise queue its writers one commit (and one WAL flush) at a time. <see cref="CompactAsync"/>
/// adds the appended changes into the counters, <c>dl_report_buckets</c> by field and procedure and
/// <c>dl_report_unit_buckets</c> per unit, and deletes them, in one statement; readers add the changes not yet
/// compacted to the counters (reports their day rows, <c>verify</c> <see cref="Counted"/>). The counter columns follow <see cref="ReportCounter"/>
/// (ReceivedDirect → received_direct); no rule of the reports is decided here.
/// </summary>
public static class CounterTables
{
    public const string Detailed = "dl_report_buckets";
    public const string Units = "dl_report_unit_buckets";
    public const string Changes = "dl_counter_changes";

    /// <summary>One stored column per counter, in counter order.</summary>
    public static readonly IReadOnlyList<string> CounterColumns =
        Enum.GetValues<ReportCounter>().Select(c => SnakeCase.Of(c.ToString())).ToArray();

    private static readonly string[] DetailedKey = ["unit_code", "grain", "bucket", "field_code", "procedure_code"];
    private static readonly string[] UnitKey = ["unit_code", "grain", "bucket"];

    /// <summary>The changes as rows of <c>dl_counter_changes</c>, from one array per column (<c>?</c>: Marten's placeholder).</summary>
    private static readonly string Append =
        $"INSERT INTO {Changes} ({string.Join(", ", DetailedKey.Concat(CounterColumns))}) "
        + $"SELECT * FROM unnest(?::text[], ?::\"char\"[], ?::date[], ?::text[], ?::text[], {string.Join(", ", CounterColumns.Select(_ => "?::bigint[]"))})";

    /// <summary>
    /// Moves every committed change into the counters: deleted from the log, summed per bucket, added to both tables in
    /// key order. Changes committed while it runs stay for the next time.
    /// </summary>
    private static readonly string Compact = $"""
        WITH moved AS (DELETE FROM {Changes} RETURNING *),
        detailed AS ({AddSums(Detailed, DetailedKey)})
        {AddSums(Units, UnitKey)}
        """;

    /// <summary>
    /// The counters by field and procedure when <paramref name="detailed"/>, else per unit, with the changes not yet
    /// compacted: a FROM item aliased <c>c</c>, to filter on the key columns and sum the counter columns.
    /// </summary>
    public static string Counted(bool detailed)
    {
        var columns = string.Join(", ", (detailed ? DetailedKey : UnitKey).Concat(CounterColumns));
        return $"(SELECT {columns} FROM {(detailed ? Detailed : Units)} UNION ALL SELECT {columns} FROM {Changes}) c";
    }

    /// <summary>Queues the changes into a Marten session's batch: they commit with the events that caused them.</summary>
    public static void Queue(IDocumentOperations operations, CounterChanges changes)
    {
        if (!changes.IsEmpty)
        {
            operations.QueueSqlCommand(Append, Arrays(changes.Detailed));
        }
    }

    /// <summary>Appends the changes in the connection's transaction (the import's batches), synchronously.</summary>
    public static void Add(NpgsqlConnection connection, CounterChanges changes)
    {
        if (changes.IsEmpty)
        {
            return;
        }

        var n = 0;
        using var command = new NpgsqlCommand(string.Concat(Append.Select(c => c == '?' ? $"${++n}" : c.ToString())), connection);
        foreach (var value in Arrays(changes.Detailed))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Adds the changes appended so far into the counters, unless another compaction is under way (it will take them);
    /// with <paramref name="wait"/>, after it (so that every change committed before the call is in the counters).
    /// </summary>
    public static async Task CompactAsync(IDocumentStore store, bool wait, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var take = new NpgsqlCommand(
            wait ? $"SELECT true FROM pg_advisory_xact_lock({CompactionLock})" : $"SELECT pg_try_advisory_xact_lock({CompactionLock})",
            connection, transaction);
        if ((bool)(await take.ExecuteScalarAsync(cancellation))!)
        {
            await using var compact = new NpgsqlCommand(Compact, connection, transaction) { CommandTimeout = 0 };
            await compact.ExecuteNonQueryAsync(cancellation);
        }

        await transaction.CommitAsync(cancellation);
    }

    /// <summary>The advisory lock one compaction at a time holds.</summary>
    public const long CompactionLock = 4242003;

    /// <summary>Copies the changes into emptied tables as their rows (the rebuild's path, where nothing is there to add to), synchronously.</summary>
    public static void Copy(NpgsqlConnection connection, CounterChanges changes)
    {
        Copy(connection, Detailed, changes.Detailed, detailed: true);
        Copy(connection, Units, changes.UnitTotals, detailed: false);
    }

    private static void Copy(NpgsqlConnection connection, string table, IReadOnlyDictionary<CounterBucket, long[]> rows, bool detailed)
    {
        var key = detailed ? DetailedKey : UnitKey;
        using var copy = BinaryCopy.Begin(connection, table, key.Concat(CounterColumns));
        var columns = (short)(key.Length + CounterColumns.Count);
        foreach (var (bucket, values) in rows)
        {
            copy.Row(columns);
            copy.Text(bucket.UnitCode);
            copy.InternalChar((char)bucket.Grain);
            copy.Date(bucket.Start.ToDateOnly());
            if (detailed)
            {
                copy.Text(bucket.FieldCode!);
                copy.Text(bucket.ProcedureCode!);
            }

            foreach (var value in values)
            {
                copy.Bigint(value);
            }
        }

        copy.Complete();
    }

    /// <summary>
    /// <c>INSERT … SELECT</c> the moved changes summed per <paramref name="key"/>, in key order, adding to the rows there
    /// (<c>ON CONFLICT DO UPDATE</c>); sums that come to nothing are left out.
    /// </summary>
    private static string AddSums(string table, string[] key)
    {
        var keys = string.Join(", ", key);
        return $"INSERT INTO {table} AS b ({keys}, {string.Join(", ", CounterColumns)}) "
            + $"SELECT {keys}, {string.Join(", ", CounterColumns.Select(c => $"sum({c})"))} FROM moved GROUP BY {keys} "
            + $"HAVING {string.Join(" OR ", CounterColumns.Select(c => $"sum({c}) <> 0"))} ORDER BY {keys} "
            + $"ON CONFLICT ({keys}) DO UPDATE SET {string.Join(", ", CounterColumns.Select(c => $"{c} = b.{c} + EXCLUDED.{c}"))}";
    }

    /// <summary>The rows as one array per column: the key columns, then the counters.</summary>
    private static object[] Arrays(IReadOnlyDictionary<CounterBucket, long[]> rows)
    {
        var (units, grains, starts, fields, procedures) =
            (new string[rows.Count], new string[rows.Count], new DateOnly[rows.Count], new string[rows.Count], new string[rows.Count]);
        var counters = CounterColumns.Select(_ => new long[rows.Count]).ToArray();
        var row = 0;
        foreach (var (bucket, values) in rows)
        {
            (units[row], grains[row], starts[row]) = (bucket.UnitCode, ((char)bucket.Grain).ToString(), bucket.Start.ToDateOnly());
            (fields[row], procedures[row]) = (bucket.FieldCode!, bucket.ProcedureCode!);
            for (var counter = 0; counter < counters.Length; counter++)
            {
                counters[counter][row] = values[counter];
            }

            row++;
        }

        return [units, grains, starts, fields, procedures, .. counters];
    }
}

using System.Data.Common;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Dossiers;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Storage;

/// <summary>
/// The one place the ledger reads or writes Marten's own tables (<c>mt_events</c>, <c>mt_streams</c>,
/// <c>mt_event_progression</c>, the <see cref="Dossier"/> document table) instead of going through Marten's API; the
/// event chain's SQL (Storage/Schema) is the other. Each path here is kept for a measured speed or because it
/// must share a transaction Marten's API cannot join. Measured on the demo's 15,037 streams and 80,598 events, two
/// cores shared with other work, second of two rounds:
/// <list type="bullet">
/// <item>The import's appends: binary COPY of streams and events, sequence numbers drawn from Marten's own sequence,
/// 3.3 s (24,500 events/s, with Npgsql's row importer), against 3.6 s (22,600 events/s) for Marten's
/// <c>BulkInsertEventsAsync</c>: no faster then,
/// kept because the batch's events must commit in one transaction with its documents and facts, and
/// <c>BulkInsertEventsAsync</c> commits on a connection of its own. The rows are encoded here (<see cref="BinaryCopy"/>).</item>
/// <item>Documents by COPY (the import, the rebuild): the same reason; the rebuild's transaction emptied the tables.</item>
/// <item>The rebuild's read of the log in stream order: 0.41 s (196,000 events/s read and deserialized), against
/// 0.94 s (85,000 events/s) through <c>QueryAllRawEvents</c>.</item>
/// <item>The audit trail's read (filtered, keyset-paged, streamed in commit order): the whole log, 80,601 events,
/// streamed in 0.44 s, against 1.09 s through <c>QueryAllRawEvents().ToAsyncEnumerable()</c>; a page of 500 of one
/// month's business time in 0.09 s, against 0.94 s, because Marten's event queries cannot filter on an event's data
/// (<c>IEvent.Data</c> has no queryable members), so the business-time and backdating filters ran in the process over
/// every event. A unit's page of 500 with no such filter took 0.13 s here and 0.08 s through Marten. Marten also gives
/// the data back re-serialized (its own key order, non-ASCII letters escaped), not as recorded: the text the event
/// chain hashes, which an auditor checks an exported event against.</item>
/// <item>The shards' position, set in the transaction that makes it true (a rebuild, a switch to async mode): Marten
/// has no public write of a position outside its running daemon.</item>
/// <item>A block of a unit's daily receipt numbers, drawn and checked against the documents' unique key in one
/// statement: one round trip per block of receipts (<c>ReceiptNumberTests</c> checks it against the demo commune's
/// documents).</item>
/// </list>
/// Events are serialized and read with Marten's serializer and its names of the event types
/// (<see cref="IEventRegistry.EventMappingFor"/>). <c>MartenTablesTests</c> fails when Marten's schema moves under these
/// paths: it compares the columns used here with a database Marten created, and reads back through Marten what was
/// written here.
/// </summary>
public sealed class MartenTables
{
    /// <summary>The columns of <c>mt_events</c> an appended event is copied with, in order.</summary>
    public static readonly IReadOnlyList<string> EventColumns =
        ["seq_id", "id", "stream_id", "version", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "correlation_id", "user_name", "is_archived"];

    /// <summary>The columns of <c>mt_streams</c> a new stream is copied with, in order.</summary>
    public static readonly IReadOnlyList<string> StreamColumns = ["id", "type", "version"];

    /// <summary>The columns of a document table a document is copied with, in order.</summary>
    public static readonly IReadOnlyList<string> DocumentColumns = ["id", "data", "mt_dotnet_type", "mt_version"];

    /// <summary>The columns of <c>mt_event_progression</c> a shard's position is written with.</summary>
    public static readonly IReadOnlyList<string> ProgressColumns = ["name", "last_seq_id", "last_updated"];

    private const string Events = "mt_events";
    private const string Streams = "mt_streams";
    private const string Progression = "mt_event_progression";
    private const string Sequence = "mt_events_sequence";

    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly Dictionary<Type, (string Alias, string DotNet)> _storedNames = [];
    private readonly Dictionary<string, Type> _typesByAlias = new(StringComparer.Ordinal);
    private readonly string _streamType;

    public MartenTables(IDocumentStore store)
    {
        _store = store;
        _serializer = store.Options.Serializer();
        var registry = (IEventRegistry)store.Options.Events;
        _streamType = registry.AggregateAliasFor(typeof(Dossier));
        foreach (var type in DossierEventTypes.All)
        {
            var mapping = registry.EventMappingFor(type);
            _storedNames[type] = (mapping.EventTypeName, mapping.DotNetTypeName);
            _typesByAlias[mapping.EventTypeName] = type;
        }
    }

    /// <summary>The name Marten stores an event type under (<c>DossierReceived</c> → <c>dossier_received</c>).</summary>
    public string StoredName(Type eventType) => _storedNames[eventType].Alias;

    /// <summary>The dossier event type stored under <paramref name="storedName"/>; null for another (every fold skips those).</summary>
    public Type? EventTypeOf(string storedName) => _typesByAlias.GetValueOrDefault(storedName);

    /// <summary>The sequence number of the last event appended, as the given transaction sees it.</summary>
    public static async Task<long> HighWaterMarkAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT coalesce(max(seq_id), 0) FROM {Events}", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Whether the log holds any dossier event (other streams, such as the unit registry's, do not count).</summary>
    public async Task<bool> AnyDossierEventAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {Events} WHERE type = ANY(@types))", connection);
        command.Parameters.AddWithValue("types", _typesByAlias.Keys.ToArray());
        return (bool)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>Sets the shards' positions to <paramref name="sequence"/> (null: removes them, as Marten's own rebuild leaves none) in the caller's transaction.</summary>
    public static async Task SetPositionAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<ShardName> shards, long? sequence, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            sequence is null
                ? $"DELETE FROM {Progression} WHERE name = ANY(@names)"
                : $"""
                  INSERT INTO {Progression} ({string.Join(", ", ProgressColumns)}) SELECT n, @sequence, now() FROM unnest(@names) AS n
                  ON CONFLICT (name) DO UPDATE SET last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
                  """,
            connection, transaction);
        command.Parameters.AddWithValue("names", shards.Select(s => s.Identity).ToArray());
        command.Parameters.AddWithValue("sequence", sequence ?? 0);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The streams of <paramref name="ids"/> that exist, as the given transaction sees them.</summary>
    public static async Task<HashSet<Guid>> ExistingStreamsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<Guid> ids, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand($"SELECT id FROM {Streams} WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var present = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            present.Add(reader.GetGuid(0));
        }

        return present;
    }

    /// <summary>
    /// Appends new dossier streams with their events, in the caller's transaction: sequence numbers from Marten's own
    /// sequence, in order; the chain's trigger fingerprints the events as it does any append.
    /// </summary>
    public void AppendStreams(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(Guid StreamId, IReadOnlyList<IDossierEvent> Events)> streams,
        string user, string correlation)
    {
        var sequence = NextSequence(connection, transaction, streams.Sum(s => s.Events.Count));
        using (var copy = BinaryCopy.Begin(connection, Streams, StreamColumns))
        {
            foreach (var (streamId, events) in streams)
            {
                copy.Row(3);
                copy.Uuid(streamId);
                copy.Text(_streamType);
                copy.Bigint(events.Count);
            }

            copy.Complete();
        }

        var timestamp = DateTime.UtcNow;
        var next = 0;
        using (var copy = BinaryCopy.Begin(connection, Events, EventColumns))
        {
            foreach (var (streamId, events) in streams)
            {
                var version = 0L;
                foreach (var e in events)
                {
                    var (alias, dotNet) = _storedNames[e.GetType()];
                    copy.Row(12);
                    copy.Bigint(sequence[next++]);
                    copy.Uuid(EventId(timestamp));
                    copy.Uuid(streamId);
                    copy.Bigint(++version);
                    copy.Jsonb(_serializer.ToJson(e));
                    copy.Text(alias);
                    copy.TimestampTz(timestamp);
                    copy.Text(JasperFx.StorageConstants.DefaultTenantId);
                    copy.Text(dotNet);
                    copy.Text(correlation);
                    copy.Text(user);
                    copy.Boolean(false);
                }
            }

            copy.Complete();
        }
    }

    /// <summary>
    /// Whole dossier documents, each row as the inline projection stores it (the dossier as the store serializes it,
    /// its type and its stream's version), in the caller's transaction.
    /// </summary>
    public void CopyDocuments(NpgsqlConnection connection, IEnumerable<(Dossier Dossier, long Version)> documents)
    {
        var table = _store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;
        using var copy = BinaryCopy.Begin(connection, table, DocumentColumns);
        var type = typeof(Dossier).FullName!;
        foreach (var (dossier, version) in documents)
        {
            copy.Row(4);
            copy.Uuid(dossier.Id);
            copy.Jsonb(_serializer.ToJson(dossier));
            copy.Text(type);
            copy.Bigint(version);
        }

        copy.Complete();
    }

    /// <summary>The (unit, receipt number) pairs of <paramref name="receipts"/> a stored dossier document already has, as the given transaction sees them.</summary>
    public async Task<HashSet<(string, string)>> TakenReceiptNumbersAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(string UnitCode, string ReceiptNo)> receipts, CancellationToken cancellation)
    {
        // The document's unique index on unit and receipt number answers each pair.
        var table = _store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;
        await using var command = new NpgsqlCommand(
            $"""
            SELECT d.data ->> 'unitCode', d.data ->> 'receiptNo'
            FROM unnest(@units, @receipts) AS k(unit_code, receipt_no)
            JOIN {table} d ON d.data ->> 'unitCode' = k.unit_code AND d.data ->> 'receiptNo' = k.receipt_no
            """, connection, transaction);
        command.Parameters.AddWithValue("units", receipts.Select(r => r.UnitCode).ToArray());
        command.Parameters.AddWithValue("receipts", receipts.Select(r => r.ReceiptNo).ToArray());
        var taken = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            taken.Add((reader.GetString(0), reader.GetString(1)));
        }

        return taken;
    }

    /// <summary>
    /// Moves the receipt counter of <paramref name="unit"/>'s <paramref name="day"/> on by <paramref name="size"/>
    /// (<see cref="ReceiptNumbers.CountersTable"/>, the daily format) and gives back the numbers of that block, each
    /// <paramref name="prefix"/> and four digits or more, that no dossier document of the unit and no claim has, in
    /// order. One statement, committed on its own outside a transaction. <c>OFFSET 0</c> keeps the lookups one per number
    /// in the unique keys: joined instead, the planner hashed every dossier of the unit (0.13 s for the demo commune's
    /// 15,000, against 2 ms).
    /// </summary>
    public async Task<string[]> DrawReceiptNumbersAsync(
        NpgsqlConnection connection, string unit, LocalDate day, string prefix, int size, CancellationToken cancellation)
    {
        var documents = _store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName;
        await using var command = new NpgsqlCommand(
            $"""
            WITH drawn AS (
                INSERT INTO {ReceiptNumbers.CountersTable} AS c (unit_code, day, next) VALUES (@unit, @day, 1 + @size)
                ON CONFLICT (unit_code, day) DO UPDATE SET next = c.next + @size
                RETURNING c.next - @size AS first),
            numbers AS (
                SELECT n, @prefix || lpad(n::text, greatest(length(n::text), 4), '0') AS receipt_no
                FROM drawn, generate_series(drawn.first, drawn.first + @size - 1) AS n)
            SELECT coalesce(array_agg(k.receipt_no ORDER BY k.n), ARRAY[]::text[]) FROM numbers k
            WHERE NOT EXISTS (SELECT FROM {documents} d WHERE d.data ->> 'unitCode' = @unit AND d.data ->> 'receiptNo' = k.receipt_no OFFSET 0)
              AND NOT EXISTS (SELECT FROM {ReceiptNumbers.ClaimsTable} r WHERE r.unit_code = @unit AND r.receipt_no = k.receipt_no OFFSET 0)
            """, connection);
        command.Parameters.AddWithValue("unit", unit);
        command.Parameters.AddWithValue("day", day.ToDateOnly());
        command.Parameters.AddWithValue("size", (long)size);
        command.Parameters.AddWithValue("prefix", prefix);
        return (string[])(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// Every event up to <paramref name="upTo"/> in stream order, as (stream, version, the domain's event or null for
    /// another type), read synchronously (see <see cref="CopyDocuments"/>). The caller reads one row at a time; no time
    /// limit, as the first row comes once the server has sorted the log.
    /// </summary>
    public IEnumerable<(Guid StreamId, long Version, IDossierEvent? Event)> EventsInStreamOrder(NpgsqlConnection connection, long upTo)
    {
        using var command = new NpgsqlCommand(
            $"SELECT stream_id, version, type, data FROM {Events} WHERE seq_id <= @upTo ORDER BY stream_id, version", connection)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("upTo", upTo);
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            var (streamId, version) = (reader.GetGuid(0), reader.GetInt64(1));
            var type = EventTypeOf(reader.GetString(2));
            yield return (streamId, version, type is null ? null : (IDossierEvent)_serializer.FromJson(type, reader, 3));
        }
    }

    /// <summary>
    /// The audit trail: the events <paramref name="filter"/> selects, in commit order, at most <paramref name="limit"/>, one
    /// row at a time, each with its data as recorded (the text the event chain hashes).
    /// </summary>
    public async IAsyncEnumerable<AuditEvent> AuditEventsAsync(
        NpgsqlConnection connection, AuditEventFilter filter, int? limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var command = AuditSelect(connection, filter,
            "e.seq_id, e.stream_id, e.type, e.data ->> 'occurredAt', e.timestamp, e.user_name, e.correlation_id, e.data::text, e.id",
            $"ORDER BY e.seq_id {(limit is { } l ? $"LIMIT {l}" : "")}");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            yield return new AuditEvent(
                reader.GetInt64(0),
                reader.GetGuid(8),
                reader.GetGuid(1),
                AuditEventQuery.ApiTypeName(reader.GetString(2)),
                reader.IsDBNull(3) ? null : NodaTime.Text.InstantPattern.ExtendedIso.Parse(reader.GetString(3)).GetValueOrThrow(),
                Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7));
        }
    }

    /// <summary>How many events <paramref name="filter"/> selects.</summary>
    public async Task<long> CountAuditEventsAsync(NpgsqlConnection connection, AuditEventFilter filter, CancellationToken cancellation)
    {
        await using var command = AuditSelect(connection, filter, "count(*)", null);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>
    /// A version-7 id for an appended event, its random bits from a fast generator: <see cref="Guid.CreateVersion7()"/>
    /// asks the operating system's cryptographic generator each time, which cost the import more than encoding the event.
    /// An event id is a key, not a secret (the chain's key protects the log).
    /// </summary>
    private static Guid EventId(DateTime timestamp)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        var milliseconds = new DateTimeOffset(timestamp).ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private static long[] NextSequence(NpgsqlConnection connection, NpgsqlTransaction transaction, int count)
    {
        using var command = new NpgsqlCommand($"SELECT nextval('{Sequence}') FROM generate_series(1, @count)", connection, transaction);
        command.Parameters.AddWithValue("count", count);
        var values = new long[count];
        var i = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            values[i++] = reader.GetInt64(0);
        }

        Array.Sort(values);
        return values;
    }

    private NpgsqlCommand AuditSelect(NpgsqlConnection connection, AuditEventFilter filter, string columns, string? tail)
    {
        var conditions = new List<string> { "e.seq_id > @after" };
        var command = new NpgsqlCommand { Connection = connection };
        command.Parameters.AddWithValue("after", filter.After);
        void Add(string condition, string name, object value, NpgsqlDbType? type = null)
        {
            conditions.Add(condition);
            var parameter = type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value);
            command.Parameters.Add(parameter);
        }

        if (filter.RecordedFrom is { } recordedFrom)
        {
            Add("e.timestamp >= @recordedFrom", "recordedFrom", recordedFrom.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        }

        if (filter.RecordedTo is { } recordedTo)
        {
            Add("e.timestamp < @recordedTo", "recordedTo", recordedTo.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        }

        if (filter.OccurredFrom is { } occurredFrom)
        {
            Add("(e.data ->> 'occurredAt')::timestamptz >= @occurredFrom", "occurredFrom", occurredFrom.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        }

        if (filter.OccurredTo is { } occurredTo)
        {
            Add("(e.data ->> 'occurredAt')::timestamptz < @occurredTo", "occurredTo", occurredTo.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
        }

        if (filter.BackdatedBeyond is { } tolerance)
        {
            // Recorded later than it happened by more than the tolerance: a backdated entry.
            Add("e.timestamp - (e.data ->> 'occurredAt')::timestamptz > @tolerance", "tolerance", tolerance.ToTimeSpan(), NpgsqlDbType.Interval);
        }

        if (filter.Dossier is { } dossier)
        {
            Add("e.stream_id = @dossier", "dossier", dossier);
        }

        if (filter.Types.Count > 0)
        {
            Add("e.type = ANY(@types)", "types", filter.Types.Select(AuditEventQuery.StoredTypeName).ToArray());
        }

        var join = "";
        if (filter.Units is not null || filter.Procedure is not null)
        {
            // The dossier document knows the unit it was received for and its procedure; its unit column is indexed. A
            // dossier handed over shows each authority the events of its part: from the hand-over to it through the one
            // from it, the stream versions its row of facts holds.
            join = $"JOIN {_store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.QualifiedName} d ON d.id = e.stream_id";
            if (filter.Units is { } units)
            {
                Add(
                    $"CASE WHEN jsonb_array_length(coalesce(d.data -> 'handOvers', '[]'::jsonb)) = 0 "
                    + "THEN CAST(d.data ->> 'unitCode' as text) = ANY(@units) "
                    + $"ELSE EXISTS (SELECT 1 FROM {DossierFactsTable.Name} f WHERE f.dossier_id = e.stream_id AND f.unit_code = ANY(@units) "
                    + "AND e.version >= f.from_version AND (f.until_version IS NULL OR e.version <= f.until_version)) END",
                    "units",
                    units.ToArray());
            }

            if (filter.Procedure is { } procedure)
            {
                Add("d.data ->> 'procedureCode' = @procedure", "procedure", procedure);
            }
        }

        command.CommandText = $"SELECT {columns} FROM {Events} e {join} WHERE {string.Join(" AND ", conditions)} {tail}";
        return command;
    }
}

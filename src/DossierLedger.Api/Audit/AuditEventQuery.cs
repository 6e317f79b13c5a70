using System.Runtime.CompilerServices;
using DossierLedger.Api.Infrastructure;
using Marten;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Audit;

/// <summary>What an auditor asks of the log: recording-time and business-time ranges, and what to narrow it to.</summary>
public sealed record AuditEventFilter(
    Instant? RecordedFrom,
    Instant? RecordedTo,
    Instant? OccurredFrom,
    Instant? OccurredTo,
    IReadOnlySet<string>? Units,
    string? Procedure,
    Guid? Dossier,
    IReadOnlyList<string> Types,
    long After,
    Duration? BackdatedBeyond = null);

/// <summary>One event as the audit trail shows it: where it sits in the log, when it happened and was recorded, by whom.</summary>
public sealed record AuditEvent(
    long Sequence,
    Guid EventId,
    Guid DossierId,
    string Type,
    Instant? OccurredAt,
    Instant RecordedAt,
    string? User,
    string? CorrelationId,
    string DataJson);

/// <summary>
/// Reads the event log in commit order straight from PostgreSQL, one row at a time, so a whole year can be
/// streamed without holding it in memory. Keyset paging on the global sequence: <c>after</c> is the last
/// sequence a client has.
/// </summary>
public sealed class AuditEventQuery(IDocumentStore store)
{
    /// <summary>Marten stores an event type as its class name in snake case (DossierReceived → dossier_received).</summary>
    public static string StoredTypeName(string type) => SnakeCase.Of(type);

    /// <summary>The class name from the stored type name (dossier_received → DossierReceived).</summary>
    public static string ApiTypeName(string stored) =>
        string.Concat(stored.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>How many events the filter selects.</summary>
    public async Task<long> CountAsync(AuditEventFilter filter, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = Select(connection, filter, "count(*)", null);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    public async IAsyncEnumerable<AuditEvent> ReadAsync(AuditEventFilter filter, int? limit, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = Select(connection, filter,
            "e.seq_id, e.stream_id, e.type, e.data ->> 'occurredAt', e.timestamp, e.user_name, e.correlation_id, e.data::text, e.id",
            $"ORDER BY e.seq_id {(limit is { } l ? $"LIMIT {l}" : "")}");
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            yield return new AuditEvent(
                reader.GetInt64(0),
                reader.GetGuid(8),
                reader.GetGuid(1),
                ApiTypeName(reader.GetString(2)),
                reader.IsDBNull(3) ? null : NodaTime.Text.InstantPattern.ExtendedIso.Parse(reader.GetString(3)).GetValueOrThrow(),
                Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7));
        }
    }

    private static NpgsqlCommand Select(NpgsqlConnection connection, AuditEventFilter filter, string columns, string? tail)
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
            Add("e.type = ANY(@types)", "types", filter.Types.Select(StoredTypeName).ToArray());
        }

        var join = "";
        if (filter.Units is not null || filter.Procedure is not null)
        {
            // The dossier document knows its unit and procedure; its unit column is indexed.
            join = "JOIN mt_doc_dossier d ON d.id = e.stream_id";
            if (filter.Units is { } units)
            {
                Add("CAST(d.data ->> 'unitCode' as text) = ANY(@units)", "units", units.ToArray());
            }

            if (filter.Procedure is { } procedure)
            {
                Add("d.data ->> 'procedureCode' = @procedure", "procedure", procedure);
            }
        }

        command.CommandText = $"SELECT {columns} FROM mt_events e {join} WHERE {string.Join(" AND ", conditions)} {tail}";
        return command;
    }

}

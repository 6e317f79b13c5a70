using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using DossierLedger.Domain.Dossiers;
using Marten;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Audit;

/// <summary>
/// Every dossier folded again straight from the event log, without the projections: what the auditor's
/// tools (reports as known at an instant, verification) compare the projections with. Reads in stream
/// order and yields each dossier as soon as its stream ends, so one dossier is in memory at a time.
/// </summary>
public sealed class EventFold(IDocumentStore store)
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>The event types by the name the store gives them.</summary>
    private static readonly Dictionary<string, Type> EventTypes = typeof(IDossierEvent).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(IDossierEvent).IsAssignableFrom(t))
        .ToDictionary(t => AuditEventQuery.StoredTypeName(t.Name), StringComparer.Ordinal);

    /// <summary>
    /// The dossiers as recorded by <paramref name="knownAt"/> (all, when null); with <paramref name="units"/>, only the
    /// dossiers whose current document names one of those units.
    /// </summary>
    public async IAsyncEnumerable<Dossier> DossiersAsync(
        IReadOnlySet<string>? units, Instant? knownAt, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var join = units is null ? "" : "JOIN mt_doc_dossier d ON d.id = e.stream_id AND CAST(d.data ->> 'unitCode' as text) = ANY(@units)";
        var recorded = knownAt is null ? "" : "WHERE e.timestamp <= @knownAt";
        await using var command = new NpgsqlCommand(
            $"SELECT e.stream_id, e.type, e.data::text FROM mt_events e {join} {recorded} ORDER BY e.stream_id, e.version", connection);
        if (knownAt is { } instant)
        {
            command.Parameters.Add(new NpgsqlParameter("knownAt", NpgsqlDbType.TimestampTz) { Value = instant.ToDateTimeUtc() });
        }

        if (units is not null)
        {
            command.Parameters.AddWithValue("units", units.ToArray());
        }

        Guid? current = null;
        Dossier? state = null;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var streamId = reader.GetGuid(0);
            if (streamId != current)
            {
                if (state is not null)
                {
                    yield return state;
                }

                (current, state) = (streamId, null);
            }

            if (EventTypes.TryGetValue(reader.GetString(1), out var type))
            {
                var e = (IDossierEvent)JsonSerializer.Deserialize(reader.GetString(2), type, Json)!;
                state = state is null ? Dossier.Start(e) : state.Evolve(e);
            }
        }

        if (state is not null)
        {
            yield return state;
        }
    }

    /// <summary>A stored event as the domain's event; null for a type that is no dossier event (every fold skips those).</summary>
    internal static IDossierEvent? Read(string type, ReadOnlySpan<byte> utf8Json) =>
        EventTypes.TryGetValue(type, out var eventType) ? (IDossierEvent)JsonSerializer.Deserialize(utf8Json, eventType, Json)! : null;

    /// <summary>The store's event format: camelCase names, NodaTime values as ISO text, enums by name.</summary>
    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}

using System.Runtime.CompilerServices;
using DossierLedger.Api.Storage;
using Marten;
using NodaTime;

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
/// The audit trail's read of the event log in commit order, one row at a time, so a whole year can be streamed without
/// holding it in memory. Keyset paging on the global sequence: <c>after</c> is the last sequence a client has. Its SQL is in
/// <see cref="MartenTables"/>, whose comment gives the figures for not reading through Marten's event queries.
/// </summary>
public sealed class AuditEventQuery(IDocumentStore store)
{
    private readonly MartenTables _tables = new(store);

    /// <summary>Marten stores an event type as its class name in snake case (DossierReceived → dossier_received).</summary>
    public static string StoredTypeName(string type) => SnakeCase.Of(type);

    /// <summary>The class name from the stored type name (dossier_received → DossierReceived).</summary>
    public static string ApiTypeName(string stored) =>
        string.Concat(stored.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>How many events the filter selects.</summary>
    public async Task<long> CountAsync(AuditEventFilter filter, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        return await _tables.CountAuditEventsAsync(connection, filter, cancellation);
    }

    public async IAsyncEnumerable<AuditEvent> ReadAsync(AuditEventFilter filter, int? limit, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await foreach (var e in _tables.AuditEventsAsync(connection, filter, limit, cancellation))
        {
            yield return e;
        }
    }
}

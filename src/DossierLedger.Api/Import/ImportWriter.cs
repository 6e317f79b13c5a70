using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Reports;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Imports;
using DossierLedger.Domain.Reports;
using JasperFx.Events;
using Marten;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Import;

/// <summary>A dossier ready to store: its history as the decider wrote it, and where its receipt is in the file.</summary>
public sealed record ReadyDossier(ReplayedHistory History, string UnitCode, string ReceiptNo, long ReceiptLine);

/// <summary>What a batch came to: dossiers stored, found already present, or turned away as duplicates of another dossier's receipt number.</summary>
public sealed record BatchOutcome(int Imported, int AlreadyPresent, long Events, IReadOnlyList<ReadyDossier> Duplicates);

/// <summary>
/// Stores batches of imported dossiers, each batch in one transaction: the streams, the events (binary COPY into
/// Marten's <c>mt_events</c>, so the chain's trigger fingerprints them like any append), and the projections the
/// ordinary append path keeps inline — the <see cref="Dossier"/> documents and the report facts and the counters
/// they add. A dossier's stream, its events and its projections therefore commit together or
/// not at all, and reports are right as soon as a batch commits. Streams already present (an earlier run of the
/// same file) are skipped; a dossier whose unit already has its receipt number under another id is a duplicate.
/// </summary>
public sealed class ImportWriter
{
    private const int Attempts = 4;

    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly Dictionary<Type, (string Alias, string DotNet)> _eventTypes = [];
    private readonly DateTimeZone _zone = WorkingTimeCalendar.Vietnam.Zone;
    private readonly string _user;
    private readonly string _correlation;

    public ImportWriter(IDocumentStore store, string user, string correlation)
    {
        _store = store;
        _user = user;
        _correlation = correlation;
        var options = ((DocumentStore)store).Options;
        _serializer = options.Serializer();
        // The names Marten stores with each event type, taken from Marten itself so the rows read back as its own.
        var registry = (IEventRegistry)options.Events;
        foreach (var type in DossierEventTypes.All)
        {
            var mapping = registry.EventMappingFor(type);
            _eventTypes[type] = (mapping.EventTypeName, mapping.DotNetTypeName);
        }
    }

    /// <summary>Adds the counter changes the batches appended into the counters, so the import leaves nothing for a node to do.</summary>
    public Task CompactCountersAsync(CancellationToken cancellation) => CounterTables.CompactAsync(_store, wait: true, cancellation);

    /// <summary>Stores a batch (retrying it whole after a deadlock or a race on a key); with <paramref name="dryRun"/> only looks.</summary>
    public async Task<BatchOutcome> WriteAsync(IReadOnlyList<ReadyDossier> batch, bool dryRun, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryWriteAsync(batch, dryRun, cancellation);
            }
            catch (PostgresException e) when (attempt < Attempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation
                or PostgresErrorCodes.SerializationFailure)
            {
                // Another writer (the API, a second import) got there first: look again.
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellation);
            }
        }
    }

    private async Task<BatchOutcome> TryWriteAsync(IReadOnlyList<ReadyDossier> batch, bool dryRun, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)_store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // A batch is all or nothing either way; not waiting for the flush of each commit lets the next batch start at
        // once. A crash may lose the last batches reported committed: the next run imports them again.
        await using (var settings = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, transaction))
        {
            await settings.ExecuteNonQueryAsync(cancellation);
        }

        var present = await PresentAsync(connection, transaction, batch, cancellation);
        var duplicates = await DuplicatesAsync(connection, transaction, batch, present, cancellation);
        var fresh = batch.Where(d => !present.Contains(d.History.DossierId) && !duplicates.Contains((d.UnitCode, d.ReceiptNo))).ToList();
        var rejected = batch.Where(d => !present.Contains(d.History.DossierId) && duplicates.Contains((d.UnitCode, d.ReceiptNo))).ToList();
        var events = fresh.Sum(d => (long)d.History.Events.Count);
        if (dryRun || fresh.Count == 0)
        {
            await transaction.RollbackAsync(cancellation);
            return new BatchOutcome(fresh.Count, present.Count, events, rejected);
        }

        var sequence = await SequenceAsync(connection, transaction, (int)events, cancellation);
        await CopyStreamsAsync(connection, fresh, cancellation);
        await CopyDocumentsAsync(connection, fresh, cancellation);
        await CopyEventsAsync(connection, fresh, sequence, cancellation);
        await CopyFactsAsync(connection, fresh, cancellation);
        await transaction.CommitAsync(cancellation);
        return new BatchOutcome(fresh.Count, present.Count, events, rejected);
    }

    private static async Task<HashSet<Guid>> PresentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ReadyDossier> batch, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM mt_streams WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", batch.Select(d => d.History.DossierId).ToArray());
        var present = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            present.Add(reader.GetGuid(0));
        }

        return present;
    }

    /// <summary>Receipt numbers of the batch that the unit already gave another dossier (one received over the API, say).</summary>
    private static async Task<HashSet<(string, string)>> DuplicatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ReadyDossier> batch, HashSet<Guid> present, CancellationToken cancellation)
    {
        var candidates = batch.Where(d => !present.Contains(d.History.DossierId)).ToList();
        var duplicates = new HashSet<(string, string)>();
        if (candidates.Count == 0)
        {
            return duplicates;
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT d.data ->> 'unitCode', d.data ->> 'receiptNo'
            FROM unnest(@units, @receipts) AS k(unit_code, receipt_no)
            JOIN mt_doc_dossier d ON d.data ->> 'unitCode' = k.unit_code AND d.data ->> 'receiptNo' = k.receipt_no
            """, connection, transaction);
        command.Parameters.AddWithValue("units", candidates.Select(d => d.UnitCode).ToArray());
        command.Parameters.AddWithValue("receipts", candidates.Select(d => d.ReceiptNo).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            duplicates.Add((reader.GetString(0), reader.GetString(1)));
        }

        return duplicates;
    }

    /// <summary>Global sequence numbers for the batch's events, drawn from Marten's own sequence, in order.</summary>
    private static async Task<long[]> SequenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT nextval('mt_events_sequence') FROM generate_series(1, @count)", connection, transaction);
        command.Parameters.AddWithValue("count", count);
        var values = new long[count];
        var i = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            values[i++] = reader.GetInt64(0);
        }

        Array.Sort(values);
        return values;
    }

    private static async Task CopyStreamsAsync(NpgsqlConnection connection, List<ReadyDossier> dossiers, CancellationToken cancellation)
    {
        await using var importer = await connection.BeginBinaryImportAsync("COPY mt_streams (id, type, version) FROM STDIN (FORMAT BINARY)", cancellation);
        foreach (var dossier in dossiers)
        {
            await importer.StartRowAsync(cancellation);
            await importer.WriteAsync(dossier.History.DossierId, NpgsqlDbType.Uuid, cancellation);
            await importer.WriteAsync("dossier", NpgsqlDbType.Varchar, cancellation);
            await importer.WriteAsync((long)dossier.History.Events.Count, NpgsqlDbType.Bigint, cancellation);
        }

        await importer.CompleteAsync(cancellation);
    }

    private Task CopyDocumentsAsync(NpgsqlConnection connection, List<ReadyDossier> dossiers, CancellationToken cancellation) =>
        DossierProjection.CopyAsync(connection, _store, dossiers.Select(d => (d.History.State, d.History.State.Version)), cancellation);

    private async Task CopyEventsAsync(NpgsqlConnection connection, List<ReadyDossier> dossiers, long[] sequence, CancellationToken cancellation)
    {
        var timestamp = DateTime.UtcNow;
        var next = 0;
        await using var importer = await connection.BeginBinaryImportAsync(
            """
            COPY mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, user_name, is_archived)
            FROM STDIN (FORMAT BINARY)
            """, cancellation);
        foreach (var dossier in dossiers)
        {
            var version = 0L;
            foreach (var e in dossier.History.Events)
            {
                var (alias, dotNet) = _eventTypes[e.GetType()];
                await importer.StartRowAsync(cancellation);
                await importer.WriteAsync(sequence[next++], NpgsqlDbType.Bigint, cancellation);
                await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellation);
                await importer.WriteAsync(dossier.History.DossierId, NpgsqlDbType.Uuid, cancellation);
                await importer.WriteAsync(++version, NpgsqlDbType.Bigint, cancellation);
                await importer.WriteAsync(_serializer.ToJson(e), NpgsqlDbType.Jsonb, cancellation);
                await importer.WriteAsync(alias, NpgsqlDbType.Varchar, cancellation);
                await importer.WriteAsync(timestamp, NpgsqlDbType.TimestampTz, cancellation);
                await importer.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar, cancellation);
                await importer.WriteAsync(dotNet, NpgsqlDbType.Varchar, cancellation);
                await importer.WriteAsync(_correlation, NpgsqlDbType.Varchar, cancellation);
                await importer.WriteAsync(_user, NpgsqlDbType.Varchar, cancellation);
                await importer.WriteAsync(false, NpgsqlDbType.Boolean, cancellation);
            }
        }

        await importer.CompleteAsync(cancellation);
    }

    /// <summary>The facts of each received dossier, as the projection leaves them after the whole history, and what they count.</summary>
    private Task CopyFactsAsync(NpgsqlConnection connection, List<ReadyDossier> dossiers, CancellationToken cancellation) =>
        DossierFactsTable.AddAsync(
            connection,
            dossiers.Select(d => (d.History.DossierId, DossierFacts.Of(d.History.State, _zone))),
            cancellation);
}

using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.Import;

/// <summary>A dossier ready to store: its history as the decider wrote it, and where its receipt is in the file.</summary>
public sealed record ReadyDossier(ReplayedHistory History, string UnitCode, string ReceiptNo, long ReceiptLine);

/// <summary>What a batch came to: dossiers stored, found already present, or turned away as duplicates of another dossier's receipt number.</summary>
public sealed record BatchOutcome(int Imported, int AlreadyPresent, long Events, IReadOnlyList<ReadyDossier> Duplicates);

/// <summary>
/// Stores batches of imported dossiers, each batch in one transaction: the streams, the events (binary COPY into
/// Marten's event table, <see cref="MartenTables"/>, so the chain's trigger fingerprints them like any append), and the projections the
/// ordinary append path keeps inline — the <see cref="Dossier"/> documents and the report facts and the counters
/// they add. A dossier's stream, its events and its projections therefore commit together or
/// not at all, and reports are right as soon as a batch commits. Streams already present (an earlier run of the
/// same file) are skipped; a dossier whose unit already has its receipt number under another id is a duplicate.
/// </summary>
public sealed class ImportWriter
{
    private const int Attempts = 4;

    private readonly IDocumentStore _store;
    private readonly MartenTables _tables;
    private readonly DateTimeZone _zone = WorkingTimeCalendar.Vietnam.Zone;
    private readonly string _user;
    private readonly string _correlation;

    /// <summary>Whether a batch looks for its dossiers in the ledger before writing them (from the first that found one there).</summary>
    private volatile bool _looking;

    public ImportWriter(IDocumentStore store, string user, string correlation)
    {
        _store = store;
        _tables = new MartenTables(store);
        _user = user;
        _correlation = correlation;
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
                // The ledger holds some of the batch (an earlier run of the file, a dossier received over the API), or
                // another writer got there first: look, this time and from now on.
                _looking = true;
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellation);
            }
        }
    }

    private async Task<BatchOutcome> TryWriteAsync(IReadOnlyList<ReadyDossier> batch, bool dryRun, CancellationToken cancellation)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        // A batch is all or nothing either way; not waiting for the flush of each commit lets the next batch start at
        // once. A crash may lose the last batches reported committed: the next run imports them again.
        await using (var settings = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, transaction))
        {
            await settings.ExecuteNonQueryAsync(cancellation);
        }

        // Into an empty ledger nothing is there to find: a batch is written without looking, and a stream or receipt number
        // already present fails it on its unique key (then it is written again, looking).
        var look = dryRun || _looking;
        var present = look ? await MartenTables.ExistingStreamsAsync(connection, transaction, batch.Select(d => d.History.DossierId), cancellation) : [];
        var duplicates = look ? await DuplicatesAsync(connection, transaction, batch, present, cancellation) : [];
        var fresh = batch.Where(d => !present.Contains(d.History.DossierId) && !duplicates.Contains((d.UnitCode, d.ReceiptNo))).ToList();
        var rejected = batch.Where(d => !present.Contains(d.History.DossierId) && duplicates.Contains((d.UnitCode, d.ReceiptNo))).ToList();
        var events = fresh.Sum(d => (long)d.History.Events.Count);
        if (dryRun || fresh.Count == 0)
        {
            await transaction.RollbackAsync(cancellation);
            return new BatchOutcome(fresh.Count, present.Count, events, rejected);
        }

        _tables.AppendStreams(connection, transaction, fresh.Select(d => (d.History.DossierId, d.History.Events)).ToList(), _user, _correlation);
        _tables.CopyDocuments(connection, fresh.Select(d => (d.History.State, d.History.State.Version)));
        CopyFacts(connection, fresh);
        await transaction.CommitAsync(cancellation);
        return new BatchOutcome(fresh.Count, present.Count, events, rejected);
    }

    /// <summary>Receipt numbers of the batch that the unit already gave another dossier (one received over the API, say).</summary>
    private async Task<HashSet<(string, string)>> DuplicatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ReadyDossier> batch, HashSet<Guid> present, CancellationToken cancellation)
    {
        var candidates = batch.Where(d => !present.Contains(d.History.DossierId)).ToList();
        return candidates.Count == 0
            ? []
            : await _tables.TakenReceiptNumbersAsync(connection, transaction, candidates.Select(d => (d.UnitCode, d.ReceiptNo)).ToList(), cancellation);
    }

    /// <summary>The facts of each received dossier, as the projection leaves them after the whole history, and what they count.</summary>
    private void CopyFacts(NpgsqlConnection connection, List<ReadyDossier> dossiers) =>
        DossierFactsTable.Add(connection, dossiers.Select(d => (d.History.DossierId, DossierFacts.Of(d.History.State, _zone))));
}

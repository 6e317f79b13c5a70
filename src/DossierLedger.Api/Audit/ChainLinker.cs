using DossierLedger.Api.Storage;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>
/// Extends the event chain with what was appended since it last ran: every few hundred milliseconds in each API
/// process (the database lets one linker work at a time), and on demand before the chain is read or verified.
/// It starts once this process has brought the schema up to date, and each pass holds the schema's lock shared, so
/// a node applying new scripts never replaces a trigger under a linker at work (they deadlocked before).
/// </summary>
public sealed class ChainLinker(IDocumentStore store, LedgerSchema schema, ILogger<ChainLinker> logger) : BackgroundService
{
    private const int Batch = 50_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Links every committed pending event and returns how many it linked; with <paramref name="wait"/>, after any
    /// linker at work elsewhere is done (so everything committed before the call is linked), else not at all then.
    /// </summary>
    public async Task<long> LinkPendingAsync(bool wait, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        long total = 0;
        while (true)
        {
            var linked = await LinkBatchAsync(connection, wait, cancellation);
            total += linked;
            if (linked < Batch)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// How many events wait to be linked, read from the two ends of the pending events' primary key whatever their
    /// number: the span of their sequence numbers. It is the exact count while appends are linked in order, as they are
    /// normally, and an upper bound otherwise (a sequence number skipped by a rolled-back append, or an event left
    /// pending behind later ones because it was changed before it was linked, which makes it grow until verified).
    /// </summary>
    public async Task<long> UnlinkedAsync(CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(max(seq_id) - min(seq_id) + 1, 0) FROM dl_chain_pending", connection);
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }

    /// <summary>One batch, under the schema's lock held shared: waited for when asked to wait, else skipped while it is taken.</summary>
    private static async Task<int> LinkBatchAsync(NpgsqlConnection connection, bool wait, CancellationToken cancellation)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            wait
                ? $"SELECT true FROM pg_advisory_xact_lock_shared({LedgerSchema.ApplyLock})"
                : $"SELECT pg_try_advisory_xact_lock_shared({LedgerSchema.ApplyLock})",
            connection, transaction);
        var linked = 0;
        if ((bool)(await command.ExecuteScalarAsync(cancellation))!)
        {
            await using var link = new NpgsqlCommand("SELECT dl_link_pending(@batch, @wait)", connection, transaction) { CommandTimeout = 0 };
            link.Parameters.AddWithValue("batch", Batch);
            link.Parameters.AddWithValue("wait", wait);
            linked = (int)(await link.ExecuteScalarAsync(cancellation))!;
        }

        await transaction.CommitAsync(cancellation);
        return linked;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Applied.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await LinkPendingAsync(wait: false, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The database is away (a restart, a failover): appends fail too; link when it is back.
                logger.LogWarning("Chain linking postponed: {Reason}", e.Message);
            }
        }
    }
}

using Marten;
using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>
/// Extends the event chain with what was appended since it last ran: every few hundred milliseconds in each API
/// process (the database lets one linker work at a time), and on demand before the chain is read or verified.
/// </summary>
public sealed class ChainLinker(IDocumentStore store, ILogger<ChainLinker> logger) : BackgroundService
{
    private const int Batch = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Links every committed pending event and returns how many it linked; with <paramref name="wait"/>, after any
    /// linker at work elsewhere is done (so everything committed before the call is linked), else not at all then.
    /// </summary>
    public async Task<long> LinkPendingAsync(bool wait, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        long total = 0;
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT dl_link_pending(@batch, @wait)", connection) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("batch", Batch);
            command.Parameters.AddWithValue("wait", wait);
            var linked = (int)(await command.ExecuteScalarAsync(cancellation))!;
            total += linked;
            if (linked < Batch)
            {
                return total;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

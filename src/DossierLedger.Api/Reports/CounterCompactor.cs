using DossierLedger.Api.Storage;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Adds the counter changes that writes append into the counters, every quarter of a second in each API process (the
/// database lets one compaction run at a time). Reports read the changes not yet added as well, so the pace only
/// decides how many rows they read beside the counters, never what they show.
/// </summary>
public sealed class CounterCompactor(IDocumentStore store, LedgerSchema schema, ILogger<CounterCompactor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await schema.Applied.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CounterTables.CompactAsync(store, wait: false, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The database is away (a restart, a failover): nothing is written meanwhile either.
                logger.LogWarning("Counter compaction postponed: {Reason}", e.Message);
            }
        }
    }
}

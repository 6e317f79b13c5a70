using Npgsql;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Requests made to wait on rows a test holds, then let go, cancelled or cut off: races and outages on cue.</summary>
public static class RowLocks
{
    /// <summary>
    /// The backends waiting behind <paramref name="holder"/>'s locks, directly or behind one another, once there are
    /// <paramref name="count"/> of them. Each look is its own transaction: within one, PostgreSQL keeps showing the
    /// activity it saw first.
    /// </summary>
    private static async Task<int[]> WaitingBehindAsync(string connectionString, int holder, int count)
    {
        const string waiting = """
            WITH RECURSIVE waiting(pid, query) AS (
                SELECT pid, query FROM pg_stat_activity WHERE @holder = ANY (pg_blocking_pids(pid))
                UNION SELECT a.pid, a.query FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY (pg_blocking_pids(a.pid)))
            -- The host's counter compaction may queue behind the same rows: it is no request of the test's.
            SELECT array_agg(pid) FROM waiting WHERE query NOT LIKE '%DELETE FROM dl_counter_changes%' 
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var look = new NpgsqlCommand(waiting, connection);
            look.Parameters.AddWithValue("holder", holder);
            if (await look.ExecuteScalarAsync() is int[] pids && pids.Length >= count)
            {
                return pids;
            }

            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the requests never waited on the held rows");
            await Task.Delay(20);
        }
    }

    /// <summary>Lets the held rows go: the waiting requests carry on.</summary>
    public static Task Commit(NpgsqlTransaction holding, int[] waiters) => holding.CommitAsync();

    /// <summary>Ends the waiting requests' connections, as a database shutting down does.</summary>
    public static Task TerminateWaiters(NpgsqlTransaction holding, int[] waiters) => SignalAsync(holding, "pg_terminate_backend", waiters);

    /// <summary>Cancels the waiting requests' statements on the server, as an operator or a statement timeout does.</summary>
    public static Task CancelWaiters(NpgsqlTransaction holding, int[] waiters) => SignalAsync(holding, "pg_cancel_backend", waiters);

    private static async Task SignalAsync(NpgsqlTransaction holding, string function, int[] waiters)
    {
        await using var signal = new NpgsqlCommand($"SELECT {function}(pid) FROM unnest(@pids) pid", holding.Connection, holding);
        signal.Parameters.AddWithValue("pids", waiters);
        await signal.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// <see cref="WhileLockedAsync"/> on a dossier's stream row: writes to the dossier read its version, then wait there
    /// until their commit.
    /// </summary>
    public static Task<T[]> WhileStreamHeldAsync<T>(
        string connectionString, Guid dossierId, Func<NpgsqlTransaction, int[], Task> release, params Func<Task<T>>[] requests) =>
        WhileLockedAsync(connectionString, $"SELECT 1 FROM mt_streams WHERE id = '{dossierId}' FOR UPDATE", release, requests);

    /// <summary>
    /// Holds the rows <paramref name="lockSql"/> locks until every request waits behind them (directly or behind one
    /// another), then lets <paramref name="release"/> act on them (given the waiting backends), and returns what each request answered.
    /// </summary>
    public static async Task<T[]> WhileLockedAsync<T>(string connectionString, string lockSql, Func<NpgsqlTransaction, int[], Task> release, params Func<Task<T>>[] requests)
    {
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand(lockSql, holder, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var running = requests.Select(r => Task.Run(r)).ToArray();
        var waiting = await WaitingBehindAsync(connectionString, holder.ProcessID, requests.Length);
        await release(transaction, waiting);
        return await Task.WhenAll(running);
    }
}

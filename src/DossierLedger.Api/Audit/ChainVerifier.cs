using DossierLedger.Api.Storage;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>The head of the chain: what an auditor keeps outside the system and later checks the ledger against.</summary>
public sealed record ChainCheckpoint(long Position, long SeqId, string Hash);

/// <summary>The first link where the chain no longer holds, and why.</summary>
public sealed record BrokenLink(long Position, long SeqId, string Problem);

/// <summary>What a chain verification found.</summary>
public sealed record ChainVerification(
    long Links, ChainCheckpoint? Head, BrokenLink? FirstBrokenLink, IReadOnlyList<long> UnchainedEvents, bool? CheckpointMatches, double Seconds)
{
    public bool Intact => FirstBrokenLink is null && UnchainedEvents.Count == 0 && CheckpointMatches != false;
}

/// <summary>
/// Links what is pending, then recomputes every link from its event with the chain key, ranges of the chain side by
/// side on several connections: a changed event no longer matches its link (or, not linked yet, its fingerprint), a
/// removed one leaves its link empty, a removed link breaks the next one's reference, and an event slipped in by SQL has
/// neither. The reads of the log beside the chain are the chain's own SQL functions (Storage/Schema/0003 and 0004).
/// </summary>
public sealed class ChainVerifier(IDocumentStore store, ChainKey key, ChainLinker linker)
{
    /// <summary>Positions per range checked on one connection: enough that starting a range costs little beside it.</summary>
    private const long RangeSize = 200_000;

    /// <summary>The head once everything committed so far is linked.</summary>
    public async Task<ChainCheckpoint?> HeadAsync(CancellationToken cancellation)
    {
        await linker.LinkPendingAsync(wait: true, cancellation);
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand("SELECT position, seq_id, hash FROM dl_event_chain ORDER BY position DESC LIMIT 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? new ChainCheckpoint(reader.GetInt64(0), reader.GetInt64(1), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2)))
            : null;
    }

    public async Task<ChainVerification> VerifyAsync(ChainCheckpoint? checkpoint, CancellationToken cancellation)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Not waiting for a linker at work: what it has not linked yet is checked against its fingerprint below.
        await linker.LinkPendingAsync(wait: false, cancellation);
        await using var connection = await store.OpenConnectionAsync(cancellation);
        var (first, head) = await EndsAsync(connection, cancellation);
        long links = 0;
        BrokenLink? broken = null;
        if (head is not null)
        {
            // Each link carries its predecessor's hash, so ranges of the chain are checked apart, side by side; links
            // added after the head was read are left to the next verification.
            var ranges = Enumerable.Range(0, (int)((head.Position - first) / RangeSize) + 1)
                .Select(i => first + (i * RangeSize)).ToList();
            var checkedRanges = new (long Links, long? FirstBroken)[ranges.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ranges.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation },
                async (i, token) => checkedRanges[i] = await CheckRangeAsync(ranges[i], Math.Min(ranges[i] + RangeSize, head.Position + 1), token));
            links = checkedRanges.Sum(r => r.Links);
            if (checkedRanges.Select(r => r.FirstBroken).FirstOrDefault(p => p is not null) is { } position)
            {
                broken = await DescribeAsync(connection, position, cancellation);
            }
        }

        bool? checkpointMatches = checkpoint is null ? null : head is not null && checkpoint.Position <= head.Position
            && await HoldsAsync(connection, checkpoint, cancellation);

        // Still pending after linking: appended by SQL around the ledger (no fingerprint), or changed before it was
        // linked (its fingerprint no longer matches). Events appended while this ran are linked next time.
        await using (var command = new NpgsqlCommand(
            "SELECT seq_id, event_removed FROM dl_first_broken_pending(@key)", connection))
        {
            command.Parameters.AddWithValue("key", key.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            if (broken is null && await reader.ReadAsync(cancellation))
            {
                var seqId = reader.GetInt64(0);
                broken = new BrokenLink(0, seqId, reader.GetBoolean(1)
                    ? $"event {seqId} was removed from the log before it was linked"
                    : $"event {seqId} was changed after it was recorded, before it was linked");
            }
        }

        var unchained = new List<long>();
        await using (var command = new NpgsqlCommand(
            "SELECT seq_id FROM dl_unchained_events(100) AS seq_id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellation))
        {
            while (await reader.ReadAsync(cancellation))
            {
                unchained.Add(reader.GetInt64(0));
            }
        }

        return new ChainVerification(links, head, broken, unchained, checkpointMatches, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The first link's position and the last link (the head), or no head when nothing is linked.</summary>
    private static async Task<(long First, ChainCheckpoint? Head)> EndsAsync(NpgsqlConnection connection, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT min(position) FROM dl_event_chain), position, seq_id, hash
            FROM dl_event_chain ORDER BY position DESC LIMIT 1
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? (reader.GetInt64(0), new ChainCheckpoint(reader.GetInt64(1), reader.GetInt64(2), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(3))))
            : (0, null);
    }

    /// <summary>
    /// How many links from <paramref name="from"/> up to <paramref name="until"/> (excluded) there are, and the first of
    /// them that does not hold. Each link is recomputed with the key the chain was extended with at its position (keys
    /// rotate); a link whose key is not configured cannot be checked, and does not hold.
    /// </summary>
    private async Task<(long Links, long? FirstBroken)> CheckRangeAsync(long from, long until, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), min(link_position) FILTER (WHERE NOT (event_present AND key_known AND hash_matches AND follows_previous))
            FROM dl_chain_links_checked(@keys, @from, @until)
            """, connection)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("keys", key.All.ToArray());
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("until", until);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1));
    }

    /// <summary>Why the link at <paramref name="position"/> does not hold.</summary>
    private async Task<BrokenLink> DescribeAsync(NpgsqlConnection connection, long position, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            "SELECT seq_id, event_present, key_known, hash_matches FROM dl_chain_links_checked(@keys, @position, @position + 1)", connection);
        command.Parameters.AddWithValue("keys", key.All.ToArray());
        command.Parameters.AddWithValue("position", position);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        var seqId = reader.GetInt64(0);
        return (reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3)) switch
        {
            (false, _, _) => new BrokenLink(position, seqId, $"event {seqId} was removed from the log"),
            (_, false, _) => new BrokenLink(position, seqId,
                "this link was made with a retired chain key that is not configured: add it to Audit:PreviousChainKeys"),
            (_, _, false) => new BrokenLink(position, seqId, $"event {seqId} was changed after it was recorded"),
            _ => new BrokenLink(position, seqId, "the link before this one was removed or altered"),
        };
    }

    /// <summary>Whether the chain still holds the kept checkpoint's link at its position.</summary>
    private static async Task<bool> HoldsAsync(NpgsqlConnection connection, ChainCheckpoint checkpoint, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT seq_id, hash FROM dl_event_chain WHERE position = @position", connection);
        command.Parameters.AddWithValue("position", checkpoint.Position);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) && reader.GetInt64(0) == checkpoint.SeqId
            && checkpoint.Hash.Equals(Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1)), StringComparison.OrdinalIgnoreCase);
    }
}

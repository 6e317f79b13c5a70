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
/// Links what is pending, then walks the event chain in order and recomputes every link from its event with the
/// chain key: a changed event no longer matches its link (or, not linked yet, its fingerprint), a removed one leaves
/// its link empty, a removed link breaks the next one's reference, and an event slipped in by SQL has neither. The reads
/// of the log beside the chain are the chain's own SQL functions (Storage/Schema/0003_chain_verification.sql).
/// </summary>
public sealed class ChainVerifier(IDocumentStore store, ChainKey key, ChainLinker linker)
{
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
        long links = 0;
        BrokenLink? broken = null;
        ChainCheckpoint? head = null;
        bool? checkpointMatches = checkpoint is null ? null : false;
        // Each link is recomputed with the key the chain was extended with at its position (keys rotate); a link
        // whose key is not configured cannot be checked, and says so.
        await using (var command = new NpgsqlCommand(
            """
            SELECT link_position, seq_id, hash, event_present, key_known, hash_matches, follows_previous
            FROM dl_chain_links_checked(@keys) ORDER BY link_position
            """, connection))
        {
            command.Parameters.AddWithValue("keys", key.All.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                links++;
                var (position, seqId) = (reader.GetInt64(0), reader.GetInt64(1));
                var hash = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2));
                head = new ChainCheckpoint(position, seqId, hash);
                if (checkpoint is not null && checkpoint.Position == position)
                {
                    checkpointMatches = checkpoint.Hash.Equals(hash, StringComparison.OrdinalIgnoreCase) && checkpoint.SeqId == seqId;
                }

                broken ??= (reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.GetBoolean(6)) switch
                {
                    (false, _, _, _) => new BrokenLink(position, seqId, $"event {seqId} was removed from the log"),
                    (_, false, _, _) => new BrokenLink(position, seqId,
                        "this link was made with a retired chain key that is not configured: add it to Audit:PreviousChainKeys"),
                    (_, _, false, _) => new BrokenLink(position, seqId, $"event {seqId} was changed after it was recorded"),
                    (_, _, _, false) => new BrokenLink(position, seqId, "the link before this one was removed or altered"),
                    _ => null,
                };
            }
        }

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
}

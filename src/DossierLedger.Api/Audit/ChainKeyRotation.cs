using DossierLedger.Api.Storage;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>What a rotation did: from which link on the new key extends the chain, and the head it was rotated at.</summary>
public sealed record ChainRotation(long FromPosition, ChainCheckpoint? HeadBefore);

/// <summary>
/// Hands the chain over to a new key. Everything appended so far is linked with the current key and the chain must
/// verify; then the new key's identifier is recorded as extending the chain from the next link on, under the linkers'
/// lock so no link is made meanwhile. Earlier links keep their key, which verification then takes from
/// <c>Audit:PreviousChainKeys</c>. Every node must be stopped meanwhile: a node still on the old key would append
/// events fingerprinted with it, which no linker on the new key can link.
/// </summary>
public sealed class ChainKeyRotation(IDocumentStore store, ChainKey key, ChainLinker linker, ChainVerifier verifier)
{
    /// <summary>The advisory lock <c>dl_link_pending</c> takes: one linker at a time.</summary>
    private const long LinkerLock = 4242002;

    public async Task<ChainRotation> RotateAsync(string newKey, CancellationToken cancellation)
    {
        ChainKey.Validate("The new chain key", newKey);
        if (key.All.Contains(newKey))
        {
            throw new InvalidOperationException("The new chain key must differ from the current and the earlier ones.");
        }

        await linker.LinkPendingAsync(wait: true, cancellation);
        var verification = await verifier.VerifyAsync(null, cancellation);
        if (!verification.Intact)
        {
            throw new InvalidOperationException("The chain does not verify (run verify-chain): its key is not rotated until it does.");
        }

        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        async Task<object?> ScalarAsync(string sql, string? keyParameter = null)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            if (keyParameter is not null)
            {
                command.Parameters.AddWithValue("key", keyParameter);
            }

            return await command.ExecuteScalarAsync(cancellation);
        }

        await ScalarAsync($"SELECT pg_advisory_xact_lock({LinkerLock})");
        if ((long)(await ScalarAsync("SELECT count(*) FROM dl_chain_pending"))! > 0)
        {
            throw new InvalidOperationException("Events are still being appended: stop every node, then rotate the key.");
        }

        var from = (long)(await ScalarAsync(
            """
            INSERT INTO dl_chain_key_epochs (from_position, key_id)
            SELECT coalesce(max(position), 0) + 1, dl_chain_key_id(@key) FROM dl_event_chain RETURNING from_position
            """, newKey))!;
        await transaction.CommitAsync(cancellation);
        return new ChainRotation(from, verification.Head);
    }
}

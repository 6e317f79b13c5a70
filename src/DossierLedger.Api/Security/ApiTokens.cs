using System.Security.Cryptography;
using System.Text;
using DossierLedger.Api.Storage;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace DossierLedger.Api.Security;

/// <summary>A token as the ledger keeps it: never the token itself.</summary>
public sealed record ApiToken(Guid Id, string Name, string Role, IReadOnlyList<string> Units, Instant CreatedAt, Instant ExpiresAt, Instant? RevokedAt);

/// <summary>A freshly minted token: the only time its secret is seen.</summary>
public sealed record MintedToken(ApiToken Token, string Secret);

/// <summary>Mints, finds, lists and revokes bearer tokens; stores only their SHA-256 hashes.</summary>
public sealed class ApiTokens(IDocumentStore store, IClock clock) : IDisposable
{
    /// <summary>How every ledger token begins, telling it apart from an external JWT.</summary>
    public const string Prefix = "dl_";

    /// <summary>
    /// How long a token found valid is believed without asking the database again. Every request authenticates, and
    /// the lookup was a round trip on a connection of its own before each command's work. A revocation clears what
    /// this node believes at once; another node refuses the token within this time (as it sees a registry change).
    /// </summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    private readonly MemoryCache valid = new(new MemoryCacheOptions());

    public async Task<MintedToken> MintAsync(string name, string role, IReadOnlyList<string> units, Duration lifetime, CancellationToken cancellation)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetCurrentInstant();
        var token = new ApiToken(Guid.CreateVersion7(), name, role, units, now, now + lifetime, null);
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            "INSERT INTO dl_api_tokens (id, name, role, units, token_hash, created_at, expires_at) VALUES (@id, @name, @role, @units, @hash, @created, @expires)",
            connection);
        command.Parameters.AddWithValue("id", token.Id);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("units", units.ToArray());
        command.Parameters.AddWithValue("hash", Hash(secret));
        command.Parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.TimestampTz) { Value = now.ToDateTimeUtc() });
        command.Parameters.Add(new NpgsqlParameter("expires", NpgsqlDbType.TimestampTz) { Value = token.ExpiresAt.ToDateTimeUtc() });
        await command.ExecuteNonQueryAsync(cancellation);
        return new MintedToken(token, secret);
    }

    /// <summary>The valid (known, unexpired, unrevoked) token with this secret, or null.</summary>
    public async Task<ApiToken?> FindValidAsync(string secret, CancellationToken cancellation)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = clock.GetCurrentInstant();
        if (valid.TryGetValue(hash, out ApiToken? known) && known!.ExpiresAt > now)
        {
            return known;
        }

        var token = (await QueryAsync("WHERE token_hash = @hash AND revoked_at IS NULL AND expires_at > now()", ("hash", hash), cancellation)).SingleOrDefault();
        if (token is not null)
        {
            valid.Set(hash, token, RecheckAfter);
        }

        return token;
    }

    /// <summary>
    /// Whether the token with this id is still valid: what a dashboard session opened with it asks on each request, as
    /// it does not hold the secret. Believed for <see cref="RecheckAfter"/>, like a secret found valid.
    /// </summary>
    public async Task<bool> IsValidAsync(Guid id, CancellationToken cancellation)
    {
        var now = clock.GetCurrentInstant();
        if (valid.TryGetValue(id, out ApiToken? known) && known!.ExpiresAt > now)
        {
            return true;
        }

        var token = (await QueryAsync("WHERE id = @id AND revoked_at IS NULL AND expires_at > now()", ("id", id), cancellation)).SingleOrDefault();
        if (token is not null)
        {
            valid.Set(id, token, RecheckAfter);
        }

        return token is not null;
    }

    public Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellation) => QueryAsync("ORDER BY created_at", null, cancellation);

    /// <summary>Revokes a token; false when there is no such token.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand("UPDATE dl_api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        var revoked = await command.ExecuteNonQueryAsync(cancellation) > 0;
        valid.Clear();
        return revoked;
    }

    private async Task<IReadOnlyList<ApiToken>> QueryAsync(string where, (string Name, object Value)? parameter, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand($"SELECT id, name, role, units, created_at, expires_at, revoked_at FROM dl_api_tokens {where}", connection);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }

        var tokens = new List<ApiToken>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            tokens.Add(new ApiToken(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(4)), Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(5)),
                reader.IsDBNull(6) ? null : Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(6))));
        }

        return tokens;
    }

    public void Dispose() => valid.Dispose();

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

using System.Security.Cryptography;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using Marten;
using NodaTime.Text;
using Npgsql;

namespace DossierLedger.Api.Http;

/// <summary>
/// <c>Idempotency-Key</c> on any POST: the first request with a key runs and its answer is kept; a retry with the same
/// key and the same request gets that answer again and appends nothing; the same key with a different request is a
/// 409. A key belongs to its caller (<see cref="CallerScope"/>): the same key from another caller is another key, so
/// that request runs and is authorized as its own, and a replay never gives anyone what they could not get without
/// the key. A key expires <c>Http:IdempotencyKeyLifetime</c> after its first use (default 24 hours); then it is new
/// again, and each claim deletes a few expired keys, so the table holds about one lifetime of keys.
/// The key is claimed in its own transaction before the request runs, so two requests racing with one key never both
/// run: the second is told the first is still in flight. Server errors, and requests that end in an exception (a race
/// lost at commit, a lost database), release the key for a retry. (Should the
/// process die between the request's commit and keeping its answer, the key stays "in flight" until it expires: a
/// retry is refused, not run twice, within the lifetime.)
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, IProblemDetailsService problems, IConfiguration configuration)
{
    public const string Header = "Idempotency-Key";
    public const string LifetimeSetting = "Http:IdempotencyKeyLifetime";
    private const int MaxKeyLength = 128;

    // More than one expired key goes per claim, so the table shrinks back after a busy day.
    private const int ExpiredDeletedPerClaim = 10;

    private readonly TimeSpan _lifetime = LifetimeFrom(configuration);

    /// <summary>How long a key is kept: <c>Http:IdempotencyKeyLifetime</c>, an ISO-8601 duration such as <c>PT24H</c>.</summary>
    public static TimeSpan LifetimeFrom(IConfiguration configuration)
    {
        var text = configuration[LifetimeSetting] ?? "PT24H";
        var parsed = PeriodPattern.NormalizingIso.Parse(text.Trim());
        if (!parsed.Success || parsed.Value.HasDateComponent || parsed.Value.ToDuration() <= NodaTime.Duration.Zero)
        {
            throw new InvalidOperationException(
                $"{LifetimeSetting} must be a positive ISO-8601 duration of hours, minutes or seconds such as PT24H, not '{text}'.");
        }

        return parsed.Value.ToDuration().ToTimeSpan();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        // Anonymous requests never get here (authorization refuses them first), but they would have no caller to key by.
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values)
            || CallerScope.Of(context) is not { } caller)
        {
            await next(context);
            return;
        }

        // Printable ASCII, as the header's definition (a structured-field string) has it; a lone surrogate would not
        // even reach the database.
        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength || !System.Text.Ascii.IsValid(key) || key.Any(char.IsControl))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "idempotency-key-invalid",
                $"{Header} must be 1 to {MaxKeyLength} printable ASCII characters.");
            return;
        }

        context.Request.EnableBuffering();
        var request = new KeyedRequest(caller, key, await FingerprintAsync(context.Request));
        await using var connection = await store.OpenConnectionAsync(context.RequestAborted);
        if (await ClaimAsync(connection, request, context.RequestAborted) is { } earlier)
        {
            await ReplayAsync(context, earlier, request.Fingerprint);
            return;
        }

        await RunAndKeepAsync(context, connection, request);
    }

    private sealed record KeyedRequest(byte[] Caller, string Key, byte[] Fingerprint);

    private sealed record Earlier(byte[] Fingerprint, int? Status, string? ContentType, string? Location, byte[]? Body);

    /// <summary>
    /// Claims the key for this request, taking over an expired one; returns what an earlier request with it left, if
    /// any. Should the earlier request release the key between the claim and the read, the claim is tried again.
    /// </summary>
    private async Task<Earlier?> ClaimAsync(NpgsqlConnection connection, KeyedRequest request, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await TryClaimAsync(connection, request, cancellation))
            {
                return null;
            }

            if (await ReadAsync(connection, request, cancellation) is { } earlier)
            {
                return earlier;
            }
        }

        // Taken and released over and over by other requests: reported in flight, the client retries.
        return new Earlier(request.Fingerprint, null, null, null, null);
    }

    /// <summary>Takes the key unless it is taken and unexpired; deletes a few other expired keys on the way.</summary>
    private async Task<bool> TryClaimAsync(NpgsqlConnection connection, KeyedRequest request, CancellationToken cancellation)
    {
        await using var claim = Command(connection, request, $"""
            WITH expired AS (
                DELETE FROM dl_idempotency WHERE ctid IN (
                    SELECT ctid FROM dl_idempotency WHERE created_at < now() - @lifetime AND (caller, key) <> (@caller, @key)
                    ORDER BY created_at LIMIT {ExpiredDeletedPerClaim} FOR UPDATE SKIP LOCKED))
            INSERT INTO dl_idempotency (caller, key, fingerprint) VALUES (@caller, @key, @fingerprint)
            ON CONFLICT (caller, key) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, status = NULL, content_type = NULL, location = NULL, body = NULL,
                    created_at = now(), completed_at = NULL
                WHERE dl_idempotency.created_at < now() - @lifetime
            RETURNING true
            """);
        claim.Parameters.AddWithValue("fingerprint", request.Fingerprint);
        claim.Parameters.AddWithValue("lifetime", _lifetime);
        return await claim.ExecuteScalarAsync(cancellation) is true;
    }

    private static async Task<Earlier?> ReadAsync(NpgsqlConnection connection, KeyedRequest request, CancellationToken cancellation)
    {
        await using var read = Command(connection, request,
            "SELECT fingerprint, status, content_type, location, body FROM dl_idempotency WHERE caller = @caller AND key = @key");
        await using var reader = await read.ExecuteReaderAsync(cancellation);
        if (!await reader.ReadAsync(cancellation))
        {
            return null;
        }

        return new Earlier(
            reader.GetFieldValue<byte[]>(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4));
    }

    /// <summary>Runs the request, keeps its answer under the key (or releases the key on a server error), then sends it.</summary>
    private async Task RunAndKeepAsync(HttpContext context, NpgsqlConnection connection, KeyedRequest request)
    {
        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch
        {
            // Answered further out (a lost race is a 409, a lost database a 503, anything else a 500), and nothing was
            // kept: the key is free again, so that the client's retry runs rather than waiting out the key as in flight.
            await ReleaseAsync(connection, request);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 500)
        {
            await ReleaseAsync(connection, request);
        }
        else
        {
            await using var keep = KeepCommand(connection, request, context.Response, captured.ToArray());
            await keep.ExecuteNonQueryAsync(CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection, KeyedRequest request)
    {
        await using var release = Command(connection, request, "DELETE FROM dl_idempotency WHERE caller = @caller AND key = @key");
        await release.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static NpgsqlCommand KeepCommand(NpgsqlConnection connection, KeyedRequest request, HttpResponse response, byte[] body)
    {
        var command = Command(connection, request, """
            UPDATE dl_idempotency SET status = @status, content_type = @type, location = @location, body = @body, completed_at = now()
            WHERE caller = @caller AND key = @key
            """);
        command.Parameters.AddWithValue("status", response.StatusCode);
        command.Parameters.AddWithValue("type", (object?)response.ContentType ?? DBNull.Value);
        var location = response.Headers.Location.ToString();
        command.Parameters.AddWithValue("location", location.Length > 0 ? location : DBNull.Value);
        command.Parameters.AddWithValue("body", body);
        return command;
    }

    private async Task ReplayAsync(HttpContext context, Earlier earlier, byte[] fingerprint)
    {
        if (!earlier.Fingerprint.AsSpan().SequenceEqual(fingerprint))
        {
            await ProblemAsync(context, StatusCodes.Status409Conflict, "idempotency-key-reused",
                $"This {Header} was already used for a different request.");
            return;
        }

        if (earlier.Status is not { } status)
        {
            await ProblemAsync(context, StatusCodes.Status409Conflict, "idempotency-key-in-flight",
                $"A request with this {Header} is still being handled; retry shortly.");
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (earlier.ContentType is { } type)
        {
            context.Response.ContentType = type;
        }

        if (earlier.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }

        if (earlier.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>What makes two requests the same: method, path and query, and the body's bytes.</summary>
    private static async Task<byte[]> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    /// <summary>A command on the request's key, with <c>@caller</c> and <c>@key</c> bound.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, KeyedRequest request, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("caller", request.Caller);
        command.Parameters.AddWithValue("key", request.Key);
        return command;
    }

    private Task ProblemAsync(HttpContext context, int status, string rule, string detail) =>
        problems.WriteAsync(context, Problems.Create(status, "Idempotency-Key problem.", detail, rule));
}

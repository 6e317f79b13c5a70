using System.Security.Cryptography;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on any POST: the first request with a key runs and its answer is kept; a retry
/// with the same key and the same request gets that answer again and appends nothing; the same key with a
/// different request is a 409. The key is claimed in its own transaction before the request runs, so two
/// requests racing with one key never both run: the second is told the first is still in flight. Server
/// errors release the key for a retry. (Should the process die between the request's commit and keeping
/// its answer, the key stays "in flight": a retry is refused, never run twice.)
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, IProblemDetailsService problems)
{
    public const string Header = "Idempotency-Key";
    private const int MaxKeyLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(context);
            return;
        }

        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "idempotency-key-invalid", $"{Header} must be 1 to {MaxKeyLength} printable characters.");
            return;
        }

        context.Request.EnableBuffering();
        var fingerprint = await FingerprintAsync(context.Request);
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(context.RequestAborted);
        var claimed = await ClaimAsync(connection, key, fingerprint, context.RequestAborted);
        if (claimed is { } earlier)
        {
            await ReplayAsync(context, earlier, fingerprint);
            return;
        }

        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode >= 500)
        {
            await ExecuteAsync(connection, "DELETE FROM dl_idempotency WHERE key = @key", key, context.RequestAborted);
        }
        else
        {
            await using var complete = new NpgsqlCommand(
                "UPDATE dl_idempotency SET status = @status, content_type = @type, location = @location, body = @body, completed_at = now() WHERE key = @key",
                connection);
            complete.Parameters.AddWithValue("key", key);
            complete.Parameters.AddWithValue("status", context.Response.StatusCode);
            complete.Parameters.AddWithValue("type", (object?)context.Response.ContentType ?? DBNull.Value);
            var location = context.Response.Headers.Location.ToString();
            complete.Parameters.AddWithValue("location", location.Length > 0 ? location : DBNull.Value);
            complete.Parameters.AddWithValue("body", captured.ToArray());
            await complete.ExecuteNonQueryAsync(CancellationToken.None);
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    private sealed record Earlier(byte[] Fingerprint, int? Status, string? ContentType, string? Location, byte[]? Body);

    /// <summary>Claims the key for this request; returns what an earlier request with it left, if any.</summary>
    private static async Task<Earlier?> ClaimAsync(NpgsqlConnection connection, string key, byte[] fingerprint, CancellationToken cancellation)
    {
        await using var claim = new NpgsqlCommand(
            """
            INSERT INTO dl_idempotency (key, fingerprint) VALUES (@key, @fingerprint) ON CONFLICT (key) DO NOTHING RETURNING key
            """, connection);
        claim.Parameters.AddWithValue("key", key);
        claim.Parameters.AddWithValue("fingerprint", fingerprint);
        if (await claim.ExecuteScalarAsync(cancellation) is not null)
        {
            return null;
        }

        await using var read = new NpgsqlCommand("SELECT fingerprint, status, content_type, location, body FROM dl_idempotency WHERE key = @key", connection);
        read.Parameters.AddWithValue("key", key);
        await using var reader = await read.ExecuteReaderAsync(cancellation);
        await reader.ReadAsync(cancellation);
        return new Earlier(
            reader.GetFieldValue<byte[]>(0),
            reader.IsDBNull(1) ? null : reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4));
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

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, string key, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private async Task ProblemAsync(HttpContext context, int status, string rule, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Problems.Create(status, "Idempotency-Key problem.", detail, rule),
        });
    }
}

using System.Diagnostics;
using Npgsql;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>Bytes streamed per second for a year of events by business time.</summary>
public sealed record StreamResult(string Method, long Bytes, long Lines, TimeSpan Elapsed)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;
}

/// <summary>
/// The auditor's NDJSON stream of a year, against the same rows copied straight out of PostgreSQL with
/// <c>COPY … TO STDOUT</c> (no HTTP, no per-event JSON): the practical limit.
/// </summary>
public static class AuditBenchmark
{
    public const string From = "2024-01-01T00:00:00+07:00";
    public const string To = "2025-01-01T00:00:00+07:00";

    public static Task<StreamResult> HttpAsync(HttpClient client, string token) => ReportBuilderBenchmark.StreamAsync(
        client, token, $"/api/audit/events?occurredFrom={Uri.EscapeDataString(From)}&occurredTo={Uri.EscapeDataString(To)}&format=ndjson",
        "ledger NDJSON over HTTP", header: false);

    public static async Task<StreamResult> CopyAsync(string connectionString)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        using var reader = await connection.BeginTextExportAsync($"""
            COPY (SELECT seq_id, stream_id, type, timestamp, user_name, correlation_id, data FROM mt_events
                  WHERE (data ->> 'occurredAt')::timestamptz >= '{From}' AND (data ->> 'occurredAt')::timestamptz < '{To}'
                  ORDER BY seq_id) TO STDOUT
            """);
        var buffer = new char[1 << 16];
        long chars = 0, lines = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            chars += read;
            lines += buffer.AsSpan(0, read).Count('\n');
        }

        return new StreamResult("COPY … TO STDOUT of the same rows (no HTTP)", chars, lines, watch.Elapsed);
    }

    /// <summary>The bytes and lines of a streamed body, read to its end.</summary>
    public static async Task<(long Bytes, long Lines)> CountAsync(Stream body)
    {
        var buffer = new byte[1 << 16];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return (bytes, lines);
    }
}

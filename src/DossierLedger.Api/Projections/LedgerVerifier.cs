using DossierLedger.Api.Reports;
using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using Marten;
using NodaTime;
using Npgsql;

namespace DossierLedger.Api.Projections;

/// <summary>A counter of a unit's day that the projections hold differently from what the events say.</summary>
/// <param name="Table">The counters that drifted: <c>dl_report_buckets</c> (by procedure) or <c>dl_report_unit_buckets</c>.</param>
public sealed record CounterDrift(string Unit, string Grain, LocalDate Bucket, ReportCounter Counter, long FromEvents, long Projected, string Table);

/// <summary>What a verification found: how much it read, and every drift (none when the projections are true).</summary>
public sealed record VerificationResult(long Dossiers, long Buckets, IReadOnlyList<CounterDrift> Drifts, double Seconds)
{
    public bool Clean => Drifts.Count == 0;
}

/// <summary>
/// Recomputes the report counters straight from the events (every dossier folded again) and compares them
/// with the stored day, month and year buckets, unit by unit. Every report of any range is a difference of
/// those buckets, so a clean verification vouches for all of them.
/// </summary>
public sealed class LedgerVerifier(IDocumentStore store, DossierLogReader fold, DossierDecider decider)
{
    private static readonly ReportCounter[] Counters = Enum.GetValues<ReportCounter>();

    public async Task<VerificationResult> VerifyAsync(CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var zone = decider.Calendar.Zone;
        var counted = new CounterChanges();
        long dossiers = 0;
        await foreach (var dossier in fold.DossiersAsync(null, null, cancellation))
        {
            if (DossierFacts.Of(dossier, zone) is { Count: > 0 } parts)
            {
                dossiers++;
                counted.Add(parts);
            }
        }

        var expected = counted.UnitTotals.ToDictionary(row => (Unit: row.Key.UnitCode, Grain: (char)row.Key.Grain, Bucket: row.Key.Start), row => row.Value);
        var drifts = new List<CounterDrift>();
        var buckets = 0;
        foreach (var (table, detailed) in new[] { (CounterTables.Detailed, true), (CounterTables.Units, false) })
        {
            var projected = await ProjectedAsync(detailed, cancellation);
            buckets += projected.Count;
            foreach (var key in expected.Keys.Union(projected.Keys).OrderBy(k => k.Unit, StringComparer.Ordinal).ThenBy(k => k.Grain).ThenBy(k => k.Bucket))
            {
                var fromEvents = expected.GetValueOrDefault(key) ?? new long[Counters.Length];
                var stored = projected.GetValueOrDefault(key) ?? new long[Counters.Length];
                foreach (var counter in Counters)
                {
                    if (fromEvents[(int)counter] != stored[(int)counter])
                    {
                        drifts.Add(new CounterDrift(key.Unit, key.Grain.ToString(), key.Bucket, counter, fromEvents[(int)counter], stored[(int)counter], table));
                    }
                }
            }
        }

        return new VerificationResult(dossiers, buckets, drifts, started.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// A table's counters, with the changes not compacted into them yet, summed over fields and procedures (where it has
    /// them), per unit, grain and bucket.
    /// </summary>
    private async Task<Dictionary<(string Unit, char Grain, LocalDate Bucket), long[]>> ProjectedAsync(bool detailed, CancellationToken cancellation)
    {
        var sums = string.Join(", ", CounterTables.CounterColumns.Select(c => $"sum({c})::bigint"));
        await using var connection = await store.OpenConnectionAsync(cancellation);
        await using var command = new NpgsqlCommand(
            $"SELECT unit_code, grain, bucket, {sums} FROM {CounterTables.Counted(detailed)} GROUP BY 1, 2, 3", connection);
        var result = new Dictionary<(string, char, LocalDate), long[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            var counts = Enumerable.Range(3, Counters.Length).Select(reader.GetInt64).ToArray();
            if (counts.Any(c => c != 0))
            {
                result[(reader.GetString(0), reader.GetChar(1), LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(2)))] = counts;
            }
        }

        return result;
    }
}

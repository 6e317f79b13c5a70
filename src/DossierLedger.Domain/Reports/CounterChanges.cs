using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>How long a stored counter bucket lasts. Each is named by its first day.</summary>
public enum BucketGrain
{
    Day = 'D',
    Month = 'M',
    Year = 'Y',
}

/// <summary>
/// One stored row of counters: a unit's dossiers of one field and procedure over a bucket, or, with no field and
/// procedure, the unit's total over it (what a report without grouping reads).
/// </summary>
public readonly record struct CounterBucket(string UnitCode, BucketGrain Grain, LocalDate Start, string? FieldCode, string? ProcedureCode)
{
    /// <summary>The buckets a day counts in: the day itself, its month and its year.</summary>
    public static IEnumerable<(BucketGrain Grain, LocalDate Start)> Containing(LocalDate day)
    {
        yield return (BucketGrain.Day, day);
        yield return (BucketGrain.Month, new LocalDate(day.Year, day.Month, 1));
        yield return (BucketGrain.Year, new LocalDate(day.Year, 1, 1));
    }

    /// <summary>The unit's total bucket this one adds to.</summary>
    public CounterBucket ToUnitTotal() => this with { FieldCode = null, ProcedureCode = null };
}

/// <summary>
/// What happens to the stored counters when dossiers' facts change: each change takes the old facts'
/// <see cref="DossierFacts.Contributions"/> back out and adds the new ones', summed per bucket. The only way
/// counters are derived from dossiers: the projection (one command's events), the import (a batch), the rebuild
/// and verification (the whole ledger) all add their changes here.
/// </summary>
public sealed class CounterChanges
{
    private readonly Dictionary<CounterBucket, long[]> _buckets = [];

    /// <summary>
    /// A dossier's facts went from <paramref name="before"/> to <paramref name="after"/> (one per authority that held it;
    /// none: it did not count). Only the buckets the change moves are listed: old and new contributions to the same bucket
    /// cancel out. Each hand-over between two parts is also counted under its boundary code, negatively
    /// (<see cref="DossierFacts.HandOverBoundary"/>), for an area holding both authorities.
    /// </summary>
    public void Add(IReadOnlyList<DossierFacts> before, IReadOnlyList<DossierFacts> after)
    {
        if (before.SequenceEqual(after))
        {
            return;
        }

        if (before.Count == 0 || after.Count == 0)
        {
            // From nothing or to nothing: every bucket the facts count in moves, and by one sign (the rebuild and the
            // import add every dossier this way, so they skip the cancelling below).
            AddDossier(_buckets, before.Count == 0 ? after : before, before.Count == 0 ? 1 : -1);
            return;
        }

        var change = new Dictionary<CounterBucket, long[]>();
        AddDossier(change, before, -1);
        AddDossier(change, after, 1);
        foreach (var (bucket, values) in change)
        {
            if (values.Any(v => v != 0))
            {
                var sums = Row(_buckets, bucket);
                for (var i = 0; i < values.Length; i++)
                {
                    sums[i] += values[i];
                }
            }
        }
    }

    /// <summary>A dossier counted as <paramref name="facts"/> from nothing.</summary>
    public void Add(IReadOnlyList<DossierFacts> facts) => Add([], facts);

    public bool IsEmpty => _buckets.Count == 0;

    /// <summary>The changed buckets by field and procedure, with their changes in <see cref="ReportCounter"/> order.</summary>
    public IReadOnlyDictionary<CounterBucket, long[]> Detailed => _buckets;

    /// <summary>The same changes summed per unit, for every unit bucket a detailed bucket adds to.</summary>
    public IReadOnlyDictionary<CounterBucket, long[]> UnitTotals
    {
        get
        {
            var totals = new Dictionary<CounterBucket, long[]>();
            foreach (var (bucket, values) in _buckets)
            {
                var sums = Row(totals, bucket.ToUnitTotal());
                for (var i = 0; i < values.Length; i++)
                {
                    sums[i] += values[i];
                }
            }

            return totals;
        }
    }

    private static void AddDossier(Dictionary<CounterBucket, long[]> change, IReadOnlyList<DossierFacts> parts, int sign)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            AddContributions(change, parts[i].UnitCode, parts[i], parts[i].Counted(), sign);
            if (i > 0)
            {
                var boundary = DossierFacts.BoundaryCode(parts[i - 1].UnitCode, parts[i].UnitCode);
                AddContributions(change, boundary, parts[i], DossierFacts.HandOverBoundary(parts[i - 1], parts[i]).Select(c => (c.Day, c.Counter, 1L)), -sign);
            }
        }
    }

    private static void AddContributions(
        Dictionary<CounterBucket, long[]> change, string unitCode, DossierFacts facts, IEnumerable<(LocalDate Day, ReportCounter Counter, long Amount)> contributions, int sign)
    {
        // A dossier's contributions come a day at a time: the rows of the day's buckets are looked up once per day.
        LocalDate? day = null;
        var rows = new long[3][];
        foreach (var (on, counter, amount) in contributions)
        {
            if (on != day)
            {
                day = on;
                var i = 0;
                foreach (var (grain, start) in CounterBucket.Containing(on))
                {
                    rows[i++] = Row(change, new CounterBucket(unitCode, grain, start, facts.FieldCode, facts.ProcedureCode));
                }
            }

            foreach (var row in rows)
            {
                row[(int)counter] += sign * amount;
            }
        }
    }

    private static long[] Row(Dictionary<CounterBucket, long[]> rows, CounterBucket bucket)
    {
        if (!rows.TryGetValue(bucket, out var values))
        {
            rows[bucket] = values = new long[ReportCounters.Count];
        }

        return values;
    }
}

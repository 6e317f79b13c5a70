using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>The counter changes are the contributions of the new facts minus those of the old, per bucket.</summary>
public class CounterChangesTests
{
    private static readonly DossierFacts Received = new(
        "UBND-XA-01", "CT", "1.001234", Channel.Online, new LocalDate(2025, 3, 10), new LocalDate(2025, 3, 13));

    private static long Value(IReadOnlyDictionary<CounterBucket, long[]> rows, CounterBucket bucket, ReportCounter counter) =>
        rows.TryGetValue(bucket, out var values) ? values[(int)counter] : 0;

    private static CounterBucket Bucket(BucketGrain grain, LocalDate start) => new("UBND-XA-01", grain, start, "CT", "1.001234");

    [Fact]
    public void A_receipt_counts_on_its_day_month_and_year()
    {
        var changes = new CounterChanges();
        changes.Add([Received]);

        foreach (var bucket in new[]
        {
            Bucket(BucketGrain.Day, new LocalDate(2025, 3, 10)),
            Bucket(BucketGrain.Month, new LocalDate(2025, 3, 1)),
            Bucket(BucketGrain.Year, new LocalDate(2025, 1, 1)),
        })
        {
            Value(changes.Detailed, bucket, ReportCounter.ReceivedOnline).ShouldBe(1);
            Value(changes.UnitTotals, bucket.ToUnitTotal(), ReportCounter.ReceivedOnline).ShouldBe(1);
        }

        Value(changes.Detailed, Bucket(BucketGrain.Day, new LocalDate(2025, 3, 13)), ReportCounter.OverdueStarted).ShouldBe(1);
        Value(changes.Detailed, Bucket(BucketGrain.Day, new LocalDate(2025, 3, 14)), ReportCounter.LateForProgressStarted).ShouldBe(1);
        changes.Detailed.Count.ShouldBe(5, "the receipt's day, the due day, the day after it (late for QĐ 766 2.1 from then), their month and year");
    }

    [Fact]
    public void A_resolution_adds_its_closing_counters_and_ends_nothing_it_did_not_start()
    {
        var resolved = Received with { ClosedOn = new LocalDate(2025, 3, 12), Closure = Closure.Resolved, Timeliness = Timeliness.Early };
        var changes = new CounterChanges();
        changes.Add([Received], [resolved]);

        var day = Bucket(BucketGrain.Day, new LocalDate(2025, 3, 12));
        Value(changes.Detailed, day, ReportCounter.ResolvedEarly).ShouldBe(1);
        Value(changes.Detailed, day, ReportCounter.ClosedInTime).ShouldBe(1);
        Value(changes.Detailed, Bucket(BucketGrain.Day, new LocalDate(2025, 3, 10)), ReportCounter.ReceivedOnline).ShouldBe(0);
        changes.Detailed.ContainsKey(Bucket(BucketGrain.Day, new LocalDate(2025, 3, 10))).ShouldBeFalse("the receipt's day did not change");
        Value(changes.Detailed, Bucket(BucketGrain.Month, new LocalDate(2025, 3, 1)), ReportCounter.OverdueEnded).ShouldBe(1);
    }

    [Fact]
    public void Unchanged_facts_change_nothing()
    {
        var changes = new CounterChanges();
        changes.Add([Received], [Received with { }]);
        changes.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_void_takes_back_everything()
    {
        var changes = new CounterChanges();
        changes.Add([Received]);
        changes.Add([Received], []);

        changes.Detailed.Count.ShouldBe(5);
        changes.Detailed.Values.ShouldAllBe(values => values.All(v => v == 0));
        changes.UnitTotals.Values.ShouldAllBe(values => values.All(v => v == 0));
    }

    /// <summary>
    /// However a dossier's facts went (receipt, pauses, corrections, closing, a void), adding each step's change gives
    /// the counters of its last facts alone: the projection, which adds a command's change at a time, and an import,
    /// which adds the final facts once, agree on every bucket.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Step_by_step_changes_sum_to_the_last_facts() =>
        Prop.ForAll(
            Gen.Frequency(
                (6, CumulativeArithmeticProperties.Facts().Select(f => (DossierFacts?)f)),
                (1, Gen.Constant<DossierFacts?>(null))).ListOf().ToArbitrary(),
            steps =>
            {
                var stepwise = new CounterChanges();
                DossierFacts? previous = null;
                foreach (var facts in steps)
                {
                    stepwise.Add(previous is null ? [] : [previous], facts is null ? [] : [facts]);
                    previous = facts;
                }

                var once = new CounterChanges();
                once.Add([], previous is null ? [] : [previous]);
                NonZero(stepwise.Detailed).ShouldBe(NonZero(once.Detailed), ignoreOrder: true);
                NonZero(stepwise.UnitTotals).ShouldBe(NonZero(once.UnitTotals), ignoreOrder: true);
            });

    private static Dictionary<(CounterBucket, int), long> NonZero(IReadOnlyDictionary<CounterBucket, long[]> rows) =>
        rows.SelectMany(row => row.Value.Select((value, counter) => (Key: (row.Key, counter), Value: value)))
            .Where(x => x.Value != 0)
            .ToDictionary(x => x.Key, x => x.Value);
}

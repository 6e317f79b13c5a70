using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>
/// Dossiers handed over between the authorities A, B and C: for every area (any set of them) and any period, the figures
/// from the stored counters (each authority's, plus the boundary codes of the hand-overs inside the area) equal the figures
/// counted part by part from their definitions, and so do the contributions an auditor's fold sums.
/// </summary>
public class HandOverCountingProperties
{
    private static readonly string[] Units = ["A", "B", "C"];
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    internal static readonly DateTimeZone Zone = WorkingTimeCalendar.Vietnam.Zone;
    private static readonly LocalDate First = new(2025, 1, 6);
    private static readonly Instant Later = Instant.FromUtc(2030, 1, 1, 0, 0);

    /// <summary>One step of a history: on which day after the previous one, and what.</summary>
    private sealed record Step(int DaysLater, int Kind, string Unit);

    public sealed record Case(IReadOnlyList<Dossier> Dossiers, LocalDate From, LocalDate To)
    {
        public override string ToString() =>
            $"[{From}, {To}]: " + string.Join("; ", Dossiers.Select(d => $"{d.UnitCode}→{string.Join("→", d.HandOvers.Select(h => h.ToUnitCode))} {d.Status}"));
    }

    private static Dossier History(string unit, int day, IReadOnlyList<Step> steps)
    {
        var at = At("2025-01-06T09:00").Plus(Duration.FromDays(day));
        var request = new ReceiveDossier(Guid.NewGuid(), $"R-{Guid.NewGuid():N}", unit, ThreeWorkingDays, Channel.Online, at, null);
        var dossier = Dossier.Fold(Decider.Decide(null, request, Later).Events);
        foreach (var step in steps)
        {
            at = at.Plus(Duration.FromDays(step.DaysLater)).Plus(Duration.FromHours(1));
            DossierCommand command = step.Kind switch
            {
                0 or 1 => new HandOverDossier(at, step.Unit, "chuyển", null, UnitRegistry.Empty),
                2 => new RequestSupplement(at, "giấy tờ"),
                3 => new ReceiveSupplement(at),
                4 => new ResolveDossier(at),
                5 => new WithdrawDossier(at, null),
                6 => new DigitizeDossier(at, 1, ReusedData: false, ElectronicResult: false),
                _ => new DigitizeDossier(at, 1, ReusedData: true, ElectronicResult: true),
            };
            var decision = Decider.Decide(dossier, command, Later);
            dossier = decision.Events.Aggregate(dossier, (state, e) => state.Evolve(e));
        }

        return dossier;
    }

    private static Gen<Dossier> Dossiers() =>
        from unit in Gen.Elements(Units)
        from day in Gen.Choose(0, 60)
        from count in Gen.Choose(0, 5)
        from steps in (from daysLater in Gen.Frequency((3, Gen.Choose(0, 2)), (1, Gen.Choose(3, 20)))
                       from kind in Gen.Choose(0, 7)
                       from to in Gen.Elements(Units)
                       select new Step(daysLater, kind, to)).ListOf(count)
        select History(unit, day, steps);

    internal static Gen<Case> Cases() =>
        from count in Gen.Choose(1, 12)
        from dossiers in Dossiers().ListOf(count)
        from a in Gen.Choose(-5, 120)
        from b in Gen.Choose(-5, 120)
        select new Case(dossiers, First.PlusDays(Math.Min(a, b)), First.PlusDays(Math.Max(a, b)));

    [Property(MaxTest = 300)]
    public Property An_area_counts_each_dossier_once_whoever_held_it() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var changes = new CounterChanges();
            var parts = c.Dossiers.Select(d => DossierFacts.Of(d, Zone)).ToList();
            foreach (var dossier in parts)
            {
                changes.Add(dossier);
            }

            foreach (var area in Areas())
            {
                var codes = area.Concat(area.SelectMany(x => area.Select(y => DossierFacts.BoundaryCode(x, y)))).ToHashSet();
                var stored = PeriodFigures.FromCumulative(Cumulative(changes, codes, c.From), Cumulative(changes, codes, c.To.PlusDays(1)));
                var defined = PeriodFigures.FromDefinition(parts.SelectMany(p => p).Where(p => area.Contains(p.UnitCode)), c.From, c.To, area.Contains);
                var folded = parts.SelectMany(p => DossierFacts.ContributionsWithin(p, area.Contains)).ToList();
                var auditors = PeriodFigures.FromCumulative(Sum(folded, c.From), Sum(folded, c.To.PlusDays(1)));

                stored.ShouldBe(defined, string.Join(",", area));
                auditors.ShouldBe(defined, string.Join(",", area));
                var quality = QualityFigures.FromDefinition(parts.SelectMany(p => p).Where(p => area.Contains(p.UnitCode)), c.From, c.To, area.Contains);
                QualityFigures.FromCumulative(Cumulative(changes, codes, c.From), Cumulative(changes, codes, c.To.PlusDays(1)))
                    .ShouldBe(quality, string.Join(",", area));
                QualityFigures.FromCumulative(Sum(folded, c.From), Sum(folded, c.To.PlusDays(1))).ShouldBe(quality, string.Join(",", area));
                var inArea = parts.SelectMany(p => p).Where(p => area.Contains(p.UnitCode)).ToList();
                ClosedOtherTimeliness.FromCumulative(Cumulative(changes, codes, c.From), Cumulative(changes, codes, c.To.PlusDays(1)))
                    .ShouldBe(ClosedOtherTimeliness.FromDefinition(inArea, c.From, c.To, area.Contains), string.Join(",", area));
                defined.Received.Total.ShouldBe(defined.Resolved.Total + defined.ClosedOther.Withdrawn + defined.ClosedOther.Stopped
                    + defined.ClosedOther.HandedOver + defined.Pending.Total);
            }
        });

    [Fact]
    public void A_dossier_handed_over_counts_as_a_part_per_authority()
    {
        // Received by A on Monday 6/1/2025, handed to B on Wednesday 8/1, resolved by B on Thursday 9/1.
        var dossier = History("A", 0, [new Step(2, 0, "B"), new Step(1, 4, "B")]);

        var parts = DossierFacts.Of(dossier, Zone);

        parts.Select(p => (p.UnitCode, p.ReceivedOn, p.ClosedOn, p.Closure, p.HandedInFrom, p.HandedOverTo, p.FromVersion, p.UntilVersion)).ShouldBe(
        [
            ("A", new LocalDate(2025, 1, 6), new LocalDate(2025, 1, 8), Closure.HandedOver, null, "B", 1L, 2L),
            ("B", new LocalDate(2025, 1, 8), new LocalDate(2025, 1, 9), Closure.Resolved, "A", null, 2L, null),
        ]);
        parts[0].OverdueOn.ShouldBe(parts[1].OverdueOn); // the due carried over
        var a = PeriodFigures.FromDefinition([parts[0]], new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 31));
        (a.Received.New, a.ClosedOther.HandedOver, a.Pending.Total).ShouldBe((1L, 1L, 0L));
        var b = PeriodFigures.FromDefinition([parts[1]], new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 31));
        (b.Received.New, b.Received.HandedIn, b.Resolved.Total).ShouldBe((1L, 1L, 1L));
        var both = PeriodFigures.FromDefinition(parts, new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 31), _ => true);
        (both.Received.New, both.Received.HandedIn, both.ClosedOther.HandedOver, both.Resolved.Total).ShouldBe((1L, 0L, 0L, 1L));
    }

    internal static IEnumerable<HashSet<string>> Areas() =>
        Enumerable.Range(1, 7).Select(mask => Units.Where((_, i) => (mask & (1 << i)) != 0).ToHashSet());

    private static ReportCounters Cumulative(CounterChanges changes, HashSet<string> codes, LocalDate before) =>
        changes.Detailed
            .Where(row => row.Key.Grain == BucketGrain.Day && row.Key.Start < before && codes.Contains(row.Key.UnitCode))
            .Aggregate(ReportCounters.Zero, (sum, row) => sum + ReportCounters.Of(row.Value));

    private static ReportCounters Sum(IEnumerable<(LocalDate Day, ReportCounter Counter, long Amount)> contributions, LocalDate before) =>
        contributions.Where(c => c.Day < before).Aggregate(ReportCounters.Zero, (sum, c) => sum + ReportCounters.Unit(c.Counter, c.Amount));
}

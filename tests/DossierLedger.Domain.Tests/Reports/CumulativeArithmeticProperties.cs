using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>
/// The period figures obtained as differences of cumulative day counters equal the figures
/// computed dossier by dossier from their definitions, for any dossiers and any period.
/// </summary>
public class CumulativeArithmeticProperties
{
    private static readonly LocalDate First = new(2024, 1, 1);
    private static readonly LocalDate Last = new(2025, 12, 31);
    private static readonly int Days = Period.Between(First, Last, PeriodUnits.Days).Days;

    /// <summary>A report period and the dossiers it is computed over.</summary>
    public sealed record Case(IReadOnlyList<DossierFacts> Dossiers, LocalDate From, LocalDate To)
    {
        public override string ToString() =>
            $"[{From:uuuu-MM-dd}, {To:uuuu-MM-dd}] over {Dossiers.Count} dossiers:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", Dossiers);
    }

    private static Gen<LocalDate> Dates(LocalDate first, int days) => Gen.Choose(0, days).Select(first.PlusDays);

    private static Gen<Timeliness> AnyTimeliness() => Gen.Elements(Timeliness.Early, Timeliness.OnTime, Timeliness.Overdue);

    /// <summary>
    /// Received in 2024–2025; due on or after receipt (sometimes unknown); closed on or after receipt or still
    /// open. A resolution's timeliness mostly agrees with its dates, sometimes not (the figures must not care).
    /// </summary>
    internal static Gen<DossierFacts> Facts() =>
        from receivedOn in Dates(First, Days)
        from channel in Gen.Elements(Channel.Direct, Channel.Online, Channel.Postal)
        from dueAfter in Gen.Frequency(
            (1, Gen.Constant<int?>(null)),
            (2, Gen.Choose(0, 3).Select(n => (int?)n)),
            (4, Gen.Choose(0, 45).Select(n => (int?)n)))
        from closure in Gen.Frequency(
            (3, Gen.Constant<Closure?>(null)),
            (5, Gen.Constant<Closure?>(Closure.Resolved)),
            (1, Gen.Constant<Closure?>(Closure.Withdrawn)),
            (1, Gen.Constant<Closure?>(Closure.Stopped)))
        from closedAfter in Gen.Frequency((1, Gen.Choose(0, 3)), (2, Gen.Choose(0, 90)))
        from randomTimeliness in AnyTimeliness()
        from honest in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        let overdueOn = dueAfter is { } n ? receivedOn.PlusDays(n) : (LocalDate?)null
        let closedOn = closure is null ? (LocalDate?)null : receivedOn.PlusDays(closedAfter)
        let timeliness = closure != Closure.Resolved ? (Timeliness?)null
            : honest && overdueOn is { } due && closedOn is { } closed ? Judge(closed, due)
            : randomTimeliness
        from flags in Gen.Choose(0, 63)
        from waiting in Gen.Frequency((3, Gen.Constant<(int After, int Request)?>(null)), (1, Gen.Choose(0, 20).SelectMany(_ => Gen.Choose(1, 3), (after, request) => ((int After, int Request)?)(after, request))))
        from unit in Gen.Elements(TimeLimitUnit.WorkingDays, TimeLimitUnit.WorkingHours, TimeLimitUnit.SameDay, TimeLimitUnit.CalendarDays)
        from time in Gen.Choose(0, 40_000)
        let awaiting = waiting is { } w && closure is null or Closure.Withdrawn ? receivedOn.PlusDays(w.After) : (LocalDate?)null
        select new DossierFacts("UBND-XA-01", "CT", "1.001234", channel, receivedOn, overdueOn, closedOn, closure, timeliness)
        {
            Digitized = (flags & 1) != 0,
            PaperResult = (flags & 2) != 0,
            ElectronicResult = (flags & 4) != 0,
            ReusedData = (flags & 8) != 0,
            FeeBearing = (flags & 16) != 0,
            PaidOnline = (flags & 32) != 0,
            SupplementRequests = waiting?.Request ?? 0,
            // Waiting from on or after its receipt, until its closing (a withdrawal while waiting) or still.
            AwaitingSupplementSince = awaiting is { } since && !(closedOn < since) ? since : null,
            AwaitedSupplementRequest = awaiting is { } since2 && !(closedOn < since2) ? waiting!.Value.Request : 0,
            TimeLimitUnit = (flags & 16) != 0 ? null : unit,
            ProcessingTime = closure == Closure.Resolved ? time / 1000m : null,
        };

    private static Timeliness Judge(LocalDate closed, LocalDate due) =>
        closed < due ? Timeliness.Early : closed == due ? Timeliness.OnTime : Timeliness.Overdue;

    /// <summary>A period boundary: anywhere, or (mostly) on or next to a date some dossier has, where rules bite.</summary>
    private static Gen<LocalDate> Boundaries(IReadOnlyList<DossierFacts> dossiers)
    {
        var anywhere = Dates(First.PlusDays(-10), Days + 120);
        var dates = dossiers
            .SelectMany(d => new[] { d.ReceivedOn, d.OverdueOn, d.ClosedOn, d.AwaitingSupplementSince })
            .OfType<LocalDate>()
            .ToArray();
        return dates.Length == 0
            ? anywhere
            : Gen.Frequency(
                (1, anywhere),
                (3, Gen.Elements(dates).SelectMany(date => Gen.Choose(-1, 1), (date, shift) => date.PlusDays(shift))));
    }

    internal static Gen<Case> Cases() =>
        from count in Gen.Frequency((1, Gen.Choose(0, 3)), (4, Gen.Choose(0, 40)))
        from dossiers in Facts().ListOf(count)
        from a in Boundaries(dossiers)
        from b in Boundaries(dossiers)
        select new Case(dossiers, LocalDate.Min(a, b), LocalDate.Max(a, b));

    private static Gen<(Case Case, LocalDate Split)> SplitCases() =>
        from c in Cases().Where(c => c.From < c.To)
        from split in Gen.Choose(0, Period.Between(c.From, c.To, PeriodUnits.Days).Days - 1)
        select (c, c.From.PlusDays(split));

    [Property(MaxTest = 500)]
    public Property Cumulative_differences_equal_the_definitions() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var byDefinition = PeriodFigures.FromDefinition(c.Dossiers, c.From, c.To);
            var byCounters = PeriodFigures.FromCumulative(
                Cumulative.Before(c.Dossiers, c.From), Cumulative.Before(c.Dossiers, c.To.PlusDays(1)));

            byCounters.ShouldBe(byDefinition);
            byDefinition.ShouldSatisfyIdentities();
            byDefinition.Received.Total.ShouldBe(
                c.Dossiers.Count(d => d.ReceivedOn <= c.To && !(d.ClosedOn < c.From)),
                "every dossier received by the end and not closed before the start is to be handled");
        });

    [Property(MaxTest = 500)]
    public Property Cumulative_differences_give_the_QD_766_indicators_of_the_formula_text() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
            QualityFigures.FromCumulative(Cumulative.Before(c.Dossiers, c.From), Cumulative.Before(c.Dossiers, c.To.PlusDays(1)))
                .ShouldBe(QualityFigures.FromDefinition(c.Dossiers, c.From, c.To)));

    [Property(MaxTest = 300)]
    public Property Cumulative_counters_never_go_negative() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var counters = Cumulative.Before(c.Dossiers, c.To);
            counters.Received.ShouldBeGreaterThanOrEqualTo(counters.Closed);
            counters.OpenOverdue.ShouldBeGreaterThanOrEqualTo(0);
            counters.OpenOverdue.ShouldBeLessThanOrEqualTo(counters.Received - counters.Closed);
        });

    [Property(MaxTest = 300)]
    public Property Adjacent_periods_chain() =>
        Prop.ForAll(SplitCases().ToArbitrary(), input =>
        {
            var (c, split) = input;
            var first = PeriodFigures.FromDefinition(c.Dossiers, c.From, split);
            var second = PeriodFigures.FromDefinition(c.Dossiers, split.PlusDays(1), c.To);
            var whole = PeriodFigures.FromDefinition(c.Dossiers, c.From, c.To);

            second.Received.CarriedOver.ShouldBe(first.Pending.Total);
            whole.Received.CarriedOver.ShouldBe(first.Received.CarriedOver);
            whole.Received.New.ShouldBe(first.Received.New + second.Received.New);
            whole.Resolved.ShouldBe(new ResolvedFigures(
                first.Resolved.Total + second.Resolved.Total,
                first.Resolved.Early + second.Resolved.Early,
                first.Resolved.OnTime + second.Resolved.OnTime,
                first.Resolved.Overdue + second.Resolved.Overdue));
            whole.ClosedOther.ShouldBe(new ClosedOtherFigures(
                first.ClosedOther.Withdrawn + second.ClosedOther.Withdrawn,
                first.ClosedOther.Stopped + second.ClosedOther.Stopped));
            whole.Pending.ShouldBe(second.Pending);
        });
}

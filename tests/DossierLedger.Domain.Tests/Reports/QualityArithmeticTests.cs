using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>The QĐ 766 indicators from cumulative counters agree with their per-dossier definitions.</summary>
public sealed class QualityArithmeticTests
{
    private static readonly LocalDate Origin = new(2024, 1, 1);

    private static DossierFacts RandomDossier(Random random)
    {
        var received = Origin.PlusDays(random.Next(0, 500));
        var due = random.NextDouble() < 0.1 ? (LocalDate?)null : received.PlusDays(random.Next(0, 20));
        LocalDate? closed = random.NextDouble() < 0.75 ? received.PlusDays(random.Next(0, 40)) : null;
        var closure = closed is null ? (Closure?)null : (Closure)random.Next(7, 10);
        Timeliness? timeliness = closure == Closure.Resolved
            ? (due is { } d ? (closed < d ? Timeliness.Early : closed == d ? Timeliness.OnTime : Timeliness.Overdue) : Timeliness.OnTime)
            : null;
        var fee = random.NextDouble() < 0.3;
        return new DossierFacts("U", "F", "P", (Channel)random.Next(1, 4), received, due, closed, closure, timeliness)
        {
            Digitized = random.NextDouble() < 0.8,
            FeeRequested = fee,
            PaidOnline = fee && random.NextDouble() < 0.6,
            Complaint = random.NextDouble() < 0.1,
            SupplementRequests = random.Next(0, 4) switch { 3 => 2, var n => n % 2 },
            FeeBearing = fee || random.NextDouble() < 0.1,
            PaperResult = random.NextDouble() < 0.7,
            ElectronicResult = random.NextDouble() < 0.5,
            ReusedData = random.NextDouble() < 0.3,
        };
    }

    [Fact]
    public void Cumulative_counters_give_the_defined_indicators()
    {
        var random = new Random(766);
        for (var run = 0; run < 300; run++)
        {
            var dossiers = Enumerable.Range(0, random.Next(1, 60)).Select(_ => RandomDossier(random)).ToList();
            var from = Origin.PlusDays(random.Next(0, 520));
            var to = from.PlusDays(random.Next(0, 90));

            var fromCounters = QualityFigures.FromCumulative(
                Cumulative.Before(dossiers, from), Cumulative.Before(dossiers, to.PlusDays(1)));

            fromCounters.ShouldBe(QualityFigures.FromDefinition(dossiers, from, to), $"run {run}: {from}..{to}");
        }
    }

    [Fact]
    public void A_second_supplement_request_makes_a_timely_dossier_late_for_progress_while_it_waits()
    {
        // QĐ 766 2.1 judges by the supplement requests only a dossier still waiting; one closed by its due is in time.
        var day = new LocalDate(2025, 3, 10);
        var timely = new DossierFacts("U", "F", "P", Channel.Direct, day, day.PlusDays(3), day.PlusDays(1), Closure.Resolved, Timeliness.Early);
        var waitingOnTheSecond = new DossierFacts("U", "F", "P", Channel.Direct, day, null)
        {
            SupplementRequests = 2,
            AwaitingSupplementSince = day.PlusDays(1),
            AwaitedSupplementRequest = 2,
        };

        QualityFigures.FromDefinition([timely], day, day.PlusDays(5)).Progress.ShouldBe(new Ratio(1, 1));
        QualityFigures.FromDefinition([timely with { SupplementRequests = 2 }], day, day.PlusDays(5)).Progress.ShouldBe(new Ratio(1, 1));
        QualityFigures.FromDefinition([waitingOnTheSecond], day, day.PlusDays(5)).Progress.ShouldBe(new Ratio(0, 1));
    }

    [Fact]
    public void An_online_payment_without_a_fee_request_counts_in_neither_side_of_3_6()
    {
        var day = new LocalDate(2025, 3, 10);
        var noFee = new DossierFacts("U", "F", "P", Channel.Online, day, day.PlusDays(3)) { PaidOnline = true };
        // 3.6 counts dossiers of procedures the catalogue lists a fee for.
        var feePaidOnline = noFee with { FeeRequested = true, FeeBearing = true };

        QualityFigures.FromDefinition([noFee, feePaidOnline], day, day).OnlinePayment.ShouldBe(new Ratio(1, 1));
        QualityFigures.FromCumulative(Cumulative.Before([noFee, feePaidOnline], day), Cumulative.Before([noFee, feePaidOnline], day.PlusDays(1)))
            .OnlinePayment.ShouldBe(new Ratio(1, 1));
    }

    [Fact]
    public void Satisfaction_is_one_less_the_overdue_and_complaint_rates()
    {
        var day = new LocalDate(2025, 3, 10);
        DossierFacts Resolved(Timeliness t, bool complaint) =>
            new DossierFacts("U", "F", "P", Channel.Online, day, day.PlusDays(2), day.PlusDays(1), Closure.Resolved, t) { Complaint = complaint };

        var figures = QualityFigures.FromDefinition(
            [Resolved(Timeliness.Early, false), Resolved(Timeliness.Overdue, false), Resolved(Timeliness.OnTime, true), Resolved(Timeliness.Early, false)],
            day, day.PlusDays(5));

        figures.Satisfaction.OverdueRate.ShouldBe(new Ratio(1, 4));
        figures.Satisfaction.ComplaintRate.ShouldBe(new Ratio(1, 4));
        figures.Satisfaction.Value.ShouldBe(0.5);
        QualityFigures.FromDefinition([], day, day).Satisfaction.Value.ShouldBeNull();
    }
}

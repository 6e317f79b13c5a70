using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>The counter arithmetic as the stored daily counters would do it, built by brute force.</summary>
internal static class Cumulative
{
    /// <summary>Every counter of every dossier on the days strictly before <paramref name="day"/>.</summary>
    public static ReportCounters Before(IEnumerable<DossierFacts> dossiers, LocalDate day) =>
        dossiers
            .SelectMany(d => d.Counted())
            .Where(c => c.Day < day)
            .Aggregate(ReportCounters.Zero, (sum, c) => sum + ReportCounters.Unit(c.Counter, c.Amount));

    /// <summary>The figures of [from, to] from the cumulative counters.</summary>
    public static PeriodFigures Figures(IReadOnlyCollection<DossierFacts> dossiers, LocalDate from, LocalDate to) =>
        PeriodFigures.FromCumulative(Before(dossiers, from), Before(dossiers, to.PlusDays(1)));

    /// <summary>The identities every report must satisfy.</summary>
    public static void ShouldSatisfyIdentities(this PeriodFigures figures)
    {
        var received = figures.Received;
        figures.ShouldSatisfyAllConditions(
            () => received.Total.ShouldBe(figures.Resolved.Total + figures.ClosedOther.Withdrawn + figures.ClosedOther.Stopped + figures.Pending.Total),
            () => received.Total.ShouldBe(received.CarriedOver + received.New),
            () => received.New.ShouldBe(received.Online + received.Direct + received.Postal),
            () => received.DirectOrPostal.ShouldBe(received.Direct + received.Postal),
            () => figures.Resolved.Total.ShouldBe(figures.Resolved.Early + figures.Resolved.OnTime + figures.Resolved.Overdue),
            () => figures.Pending.Total.ShouldBe(figures.Pending.WithinDeadline + figures.Pending.Overdue),
            () => figures.OnTimeRate.ShouldBe(new Ratio(figures.Resolved.Early + figures.Resolved.OnTime, figures.Resolved.Total)),
            () => figures.OnlineRate.ShouldBe(new Ratio(received.Online, received.New)),
            () => new[]
            {
                received.CarriedOver, received.Online, received.Direct, received.Postal,
                figures.Resolved.Early, figures.Resolved.OnTime, figures.Resolved.Overdue,
                figures.ClosedOther.Withdrawn, figures.ClosedOther.Stopped,
                figures.Pending.WithinDeadline, figures.Pending.Overdue,
            }.ShouldAllBe(count => count >= 0));
    }
}

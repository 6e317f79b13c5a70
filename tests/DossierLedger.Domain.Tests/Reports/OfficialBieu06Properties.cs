using DossierLedger.Domain.Reports;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>
/// For any dossiers and any period, the judged withdrawals and stops from the counters equal their definition, and the
/// official table keeps its identities under every folding.
/// </summary>
public class OfficialBieu06Properties
{
    [Property(MaxTest = 500)]
    public Property Judged_withdrawals_and_stops_from_the_counters_equal_the_definitions() =>
        Prop.ForAll(CumulativeArithmeticProperties.Cases().ToArbitrary(), c =>
        {
            var byCounters = ClosedOtherTimeliness.FromCumulative(Cumulative.Before(c.Dossiers, c.From), Cumulative.Before(c.Dossiers, c.To.PlusDays(1)));

            byCounters.ShouldBe(ClosedOtherTimeliness.FromDefinition(c.Dossiers, c.From, c.To));
        });

    [Property(MaxTest = 500)]
    public Property The_official_identities_hold_under_every_folding() =>
        Prop.ForAll(CumulativeArithmeticProperties.Cases().ToArbitrary(), Gen.Elements(Enum.GetValues<Bieu06Folding>()).ToArbitrary(), (c, folding) =>
        {
            var (before, through) = (Cumulative.Before(c.Dossiers, c.From), Cumulative.Before(c.Dossiers, c.To.PlusDays(1)));
            var ledger = PeriodFigures.FromCumulative(before, through);

            var official = OfficialBieu06.Fold(ledger, ClosedOtherTimeliness.FromCumulative(before, through), folding);

            var (received, resolved) = (official.Received, official.Resolved);
            official.ShouldSatisfyAllConditions(
                () => received.Total.ShouldBe(resolved.Total + official.Pending.Total),
                () => resolved.Total.ShouldBe(resolved.Early + resolved.OnTime + resolved.Overdue),
                () => received.Total.ShouldBe(received.CarriedOver + received.New),
                () => received.New.ShouldBe(received.Online + received.DirectOrPostal),
                () => official.Cells.ShouldAllBe(cell => cell >= 0),
                () => official.Pending.ShouldBe(ledger.Pending));
            // What each folding adds to the ledger's resolutions, counted from the dossiers themselves.
            var ended = c.Dossiers.Where(d => d.ClosedOn >= c.From && d.ClosedOn <= c.To && d.Closure is Closure.Withdrawn or Closure.Stopped).ToList();
            var endedOverdue = ended.Count(d => d.OverdueOn is { } due && d.ClosedOn > due);
            var endedEarly = ended.Count(d => d.OverdueOn is { } due && d.ClosedOn < due);
            resolved.Total.ShouldBe(ledger.Resolved.Total + ended.Count);
            (resolved.Early, resolved.Overdue).ShouldBe(folding == Bieu06Folding.Peer
                ? (ledger.Resolved.Early + endedEarly, ledger.Resolved.Overdue + endedOverdue)
                : (ledger.Resolved.Early, ledger.Resolved.Overdue));
        });
}

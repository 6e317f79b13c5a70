using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

public class PeriodFiguresTests
{
    private static readonly LocalDate Mar1 = D(3, 1);
    private static readonly LocalDate Mar31 = D(3, 31);
    private static readonly LocalDate Apr1 = D(4, 1);
    private static readonly LocalDate Apr30 = D(4, 30);

    private static LocalDate D(int month, int day) => new(2025, month, day);

    private static DossierFacts Open(LocalDate receivedOn, LocalDate? overdueOn, Channel channel = Channel.Direct) =>
        new("UBND-XA-01", "CT", "1.001234", channel, receivedOn, overdueOn);

    private static DossierFacts Resolved(DossierFacts open, LocalDate on, Timeliness timeliness) =>
        open with { ClosedOn = on, Closure = Closure.Resolved, Timeliness = timeliness };

    private static DossierFacts Withdrawn(DossierFacts open, LocalDate on) =>
        open with { ClosedOn = on, Closure = Closure.Withdrawn };

    private static DossierFacts Stopped(DossierFacts open, LocalDate on) =>
        open with { ClosedOn = on, Closure = Closure.Stopped };

    /// <summary>The figures by definition, checked against the counter arithmetic and the identities.</summary>
    private static PeriodFigures Figures(LocalDate from, LocalDate to, params DossierFacts[] dossiers)
    {
        var byDefinition = PeriodFigures.FromDefinition(dossiers, from, to);
        Cumulative.Figures(dossiers, from, to).ShouldBe(byDefinition);
        byDefinition.ShouldSatisfyIdentities();
        return byDefinition;
    }

    /// <summary>Expected figures from their independent components; totals follow from the identities.</summary>
    private static PeriodFigures Expected(
        long carriedOver = 0, long online = 0, long direct = 0, long postal = 0,
        long early = 0, long onTime = 0, long overdue = 0, long withdrawn = 0, long stopped = 0,
        long pendingWithin = 0, long pendingOverdue = 0)
    {
        var received = online + direct + postal;
        return new PeriodFigures(
            new ReceivedFigures(carriedOver + received, carriedOver, received, online, direct, postal),
            new ResolvedFigures(early + onTime + overdue, early, onTime, overdue),
            new ClosedOtherFigures(withdrawn, stopped),
            new PendingFigures(pendingWithin + pendingOverdue, pendingWithin, pendingOverdue));
    }

    [Fact]
    public void Nothing_gives_zeros_and_undefined_rates()
    {
        var figures = Figures(Mar1, Mar31);

        figures.ShouldBe(Expected());
        figures.OnTimeRate.Value.ShouldBeNull();
        figures.OnlineRate.Value.ShouldBeNull();
    }

    [Fact]
    public void Ratio_value_is_null_only_on_a_zero_denominator()
    {
        new Ratio(0, 0).Value.ShouldBeNull();
        new Ratio(3, 0).Value.ShouldBeNull();
        new Ratio(0, 5).Value.ShouldBe(0.0);
        new Ratio(3, 4).Value.ShouldBe(0.75);
        new Ratio(4, 4).Value.ShouldBe(1.0);
    }

    [Fact]
    public void New_dossiers_are_counted_by_channel()
    {
        var figures = Figures(Mar1, Mar31,
            Open(Mar1, D(3, 20), Channel.Online),
            Open(D(3, 15), D(4, 20), Channel.Online),
            Open(Mar31, D(4, 20), Channel.Direct),
            Open(D(3, 2), D(4, 20), Channel.Postal),
            Open(D(3, 3), D(4, 20), Channel.Postal));

        figures.ShouldBe(Expected(online: 2, direct: 1, postal: 2, pendingWithin: 4, pendingOverdue: 1));
        figures.Received.DirectOrPostal.ShouldBe(3);
        figures.OnlineRate.ShouldBe(new Ratio(2, 5));
        figures.OnlineRate.Value.ShouldBe(0.4);
    }

    [Fact]
    public void Received_on_the_first_day_is_new_and_the_day_before_is_carried_over()
    {
        Figures(Mar1, Mar31, Open(Mar1, Apr30)).ShouldBe(Expected(direct: 1, pendingWithin: 1));
        Figures(Mar1, Mar31, Open(D(2, 28), Apr30)).ShouldBe(Expected(carriedOver: 1, pendingWithin: 1));
    }

    [Fact]
    public void Received_after_the_period_is_not_counted() =>
        Figures(Mar1, Mar31, Open(Apr1, Apr30), Resolved(Open(Apr1, Apr30), Apr1, Timeliness.Early))
            .ShouldBe(Expected());

    [Fact]
    public void Received_on_the_last_day_and_resolved_the_next_day_is_pending_then_resolved()
    {
        var dossier = Resolved(Open(Mar31, D(4, 2), Channel.Online), Apr1, Timeliness.Early);

        Figures(Mar1, Mar31, dossier).ShouldBe(Expected(online: 1, pendingWithin: 1));
        Figures(Apr1, Apr30, dossier).ShouldBe(Expected(carriedOver: 1, early: 1));
        Figures(Mar31, Apr1, dossier).ShouldBe(Expected(online: 1, early: 1));
    }

    [Fact]
    public void An_open_dossier_is_carried_over_across_periods_until_resolved()
    {
        var dossier = Resolved(Open(D(1, 15), D(2, 10)), D(4, 5), Timeliness.Overdue);

        Figures(D(1, 1), D(1, 31), dossier).ShouldBe(Expected(direct: 1, pendingWithin: 1));
        Figures(D(2, 1), D(2, 28), dossier).ShouldBe(Expected(carriedOver: 1, pendingOverdue: 1));
        Figures(Mar1, Mar31, dossier).ShouldBe(Expected(carriedOver: 1, pendingOverdue: 1));
        Figures(Apr1, Apr30, dossier).ShouldBe(Expected(carriedOver: 1, overdue: 1));
        Figures(D(5, 1), D(5, 31), dossier).ShouldBe(Expected());
    }

    [Theory]
    [InlineData(3, 10, true)]
    [InlineData(3, 30, true)]
    [InlineData(3, 31, true)] // due date == to: overdue from the end of that day, i.e. at the end of the period
    [InlineData(4, 1, false)] // due date == to + 1: still within the deadline
    [InlineData(5, 15, false)]
    public void Pending_is_overdue_when_its_due_date_is_on_or_before_the_last_day(int dueMonth, int dueDay, bool overdue)
    {
        var dossier = Open(D(3, 10), D(dueMonth, dueDay));

        Figures(Mar1, Mar31, dossier).ShouldBe(overdue
            ? Expected(direct: 1, pendingOverdue: 1)
            : Expected(direct: 1, pendingWithin: 1));
    }

    [Fact]
    public void A_dossier_without_a_due_date_is_never_pending_overdue() =>
        Figures(Mar1, Mar31, Open(D(1, 2), null)).ShouldBe(Expected(carriedOver: 1, pendingWithin: 1));

    [Fact]
    public void A_dossier_resolved_late_in_the_period_is_not_pending_overdue_at_its_end()
    {
        var dossier = Resolved(Open(D(3, 3), D(3, 10)), D(3, 20), Timeliness.Overdue);

        Figures(Mar1, Mar31, dossier).ShouldBe(Expected(direct: 1, overdue: 1));
        Figures(Mar1, D(3, 15), dossier).ShouldBe(Expected(direct: 1, pendingOverdue: 1));
        Figures(D(3, 16), Mar31, dossier).ShouldBe(Expected(carriedOver: 1, overdue: 1));
    }

    [Fact]
    public void A_dossier_resolved_before_its_due_date_never_counts_as_overdue()
    {
        // The period ends between the resolution and the due date: no open overdue dossier at all,
        // and none later either.
        var dossier = Resolved(Open(D(3, 3), D(3, 20)), D(3, 5), Timeliness.Early);

        Figures(Mar1, D(3, 10), dossier).ShouldBe(Expected(direct: 1, early: 1));
        Figures(D(3, 11), Mar31, dossier).ShouldBe(Expected());
        Figures(D(3, 20), D(3, 20), dossier).ShouldBe(Expected());
        Figures(D(3, 4), D(3, 4), dossier).ShouldBe(Expected(carriedOver: 1, pendingWithin: 1));
    }

    [Fact]
    public void Resolved_in_the_period_are_split_by_timeliness()
    {
        var figures = Figures(Mar1, Mar31,
            Resolved(Open(D(3, 2), D(3, 12)), D(3, 11), Timeliness.Early),
            Resolved(Open(D(3, 2), D(3, 12)), D(3, 12), Timeliness.OnTime),
            Resolved(Open(D(3, 2), D(3, 5)), D(3, 5), Timeliness.OnTime),
            Resolved(Open(D(3, 2), D(3, 12)), D(3, 13), Timeliness.Overdue),
            Resolved(Open(D(2, 2), D(2, 12)), Mar1, Timeliness.Overdue));

        figures.ShouldBe(Expected(carriedOver: 1, direct: 4, early: 1, onTime: 2, overdue: 2));
        figures.OnTimeRate.ShouldBe(new Ratio(3, 5));
        figures.OnTimeRate.Value.ShouldBe(0.6);
    }

    [Fact]
    public void Withdrawn_in_the_period()
    {
        var dossier = Withdrawn(Open(D(2, 20), D(3, 5)), D(3, 2));

        Figures(Mar1, Mar31, dossier).ShouldBe(Expected(carriedOver: 1, withdrawn: 1));
        Figures(D(2, 1), D(2, 28), dossier).ShouldBe(Expected(direct: 1, pendingWithin: 1));
        Figures(D(3, 3), Mar31, dossier).ShouldBe(Expected());
    }

    [Fact]
    public void Stopped_in_the_period()
    {
        // Stopped after its due date: it leaves the pending overdue count too.
        var dossier = Stopped(Open(D(3, 2), D(3, 5), Channel.Postal), D(3, 25));

        Figures(Mar1, Mar31, dossier).ShouldBe(Expected(postal: 1, stopped: 1));
        Figures(Mar1, D(3, 24), dossier).ShouldBe(Expected(postal: 1, pendingOverdue: 1));
        Figures(D(3, 25), D(3, 25), dossier).ShouldBe(Expected(carriedOver: 1, stopped: 1));
    }

    [Fact]
    public void Closed_before_the_period_is_not_carried_over()
    {
        var resolved = Resolved(Open(D(2, 1), D(2, 10)), D(2, 28), Timeliness.Overdue);
        var withdrawn = Withdrawn(Open(D(2, 1), D(2, 10)), D(2, 3));

        Figures(Mar1, Mar31, resolved, withdrawn).ShouldBe(Expected());
        Figures(D(2, 1), D(2, 28), resolved, withdrawn).ShouldBe(Expected(direct: 2, overdue: 1, withdrawn: 1));
    }

    [Fact]
    public void Closed_on_the_first_day_is_carried_over_and_closed_in_the_period() =>
        Figures(Mar1, Mar31, Resolved(Open(D(2, 1), D(2, 10)), Mar1, Timeliness.Overdue))
            .ShouldBe(Expected(carriedOver: 1, overdue: 1));

    [Fact]
    public void Received_and_closed_on_the_same_day_is_new_and_closed() =>
        Figures(Mar1, Mar31, Resolved(Open(D(3, 7), D(3, 7), Channel.Online), D(3, 7), Timeliness.OnTime))
            .ShouldBe(Expected(online: 1, onTime: 1));

    [Fact]
    public void A_mixed_month_adds_up()
    {
        DossierFacts[] dossiers =
        [
            Open(D(1, 5), D(2, 1)), // carried over, pending overdue
            Open(D(2, 25), D(4, 3), Channel.Online), // carried over, pending within
            Resolved(Open(D(2, 26), D(3, 3)), D(3, 3), Timeliness.OnTime), // carried over, resolved
            Withdrawn(Open(D(2, 10), D(2, 20)), D(3, 9)), // carried over, withdrawn
            Resolved(Open(D(2, 10), D(2, 20)), D(2, 20), Timeliness.OnTime), // closed before: not counted
            Resolved(Open(D(3, 4), D(3, 10), Channel.Online), D(3, 6), Timeliness.Early),
            Resolved(Open(D(3, 4), D(3, 10), Channel.Postal), D(3, 11), Timeliness.Overdue),
            Stopped(Open(D(3, 12), D(3, 18)), D(3, 14)),
            Open(D(3, 20), Mar31, Channel.Online), // pending overdue: due on the last day
            Open(D(3, 28), Apr1), // pending within: due the day after
            Resolved(Open(Mar31, D(4, 2)), Apr1, Timeliness.Early), // pending at the end of March
            Open(Apr1, D(4, 10), Channel.Online), // not yet received
        ];

        Figures(Mar1, Mar31, dossiers).ShouldBe(Expected(
            carriedOver: 4, online: 2, direct: 3, postal: 1,
            early: 1, onTime: 1, overdue: 1, withdrawn: 1, stopped: 1,
            pendingWithin: 3, pendingOverdue: 2));
    }

    [Fact]
    public void Adjacent_periods_chain()
    {
        DossierFacts[] dossiers =
        [
            Open(D(1, 5), D(2, 1)),
            Resolved(Open(D(2, 26), D(3, 3)), D(3, 3), Timeliness.OnTime),
            Withdrawn(Open(D(2, 10), D(2, 20)), D(3, 9)),
            Resolved(Open(D(3, 4), D(3, 10), Channel.Online), D(3, 6), Timeliness.Early),
            Stopped(Open(D(3, 12), D(3, 18)), D(3, 14)),
            Resolved(Open(Mar31, D(4, 2)), Apr1, Timeliness.Early),
            Open(Apr1, D(4, 10), Channel.Postal),
        ];

        var march = Figures(Mar1, Mar31, dossiers);
        var april = Figures(Apr1, Apr30, dossiers);
        var both = Figures(Mar1, Apr30, dossiers);

        april.Received.CarriedOver.ShouldBe(march.Pending.Total);
        both.Received.CarriedOver.ShouldBe(march.Received.CarriedOver);
        both.Received.New.ShouldBe(march.Received.New + april.Received.New);
        both.Resolved.Total.ShouldBe(march.Resolved.Total + april.Resolved.Total);
        both.ClosedOther.ShouldBe(new ClosedOtherFigures(
            march.ClosedOther.Withdrawn + april.ClosedOther.Withdrawn, march.ClosedOther.Stopped + april.ClosedOther.Stopped));
        both.Pending.ShouldBe(april.Pending);
    }
}

using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Reports;

public class DossierFactsTests
{
    private static readonly DateTimeZone Zone = WorkingTimeCalendar.Vietnam.Zone;
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private static readonly Instant Later = At("2025-06-30T12:00");

    private static Dossier Receive(string receivedAt, Channel channel = Channel.Direct)
    {
        var at = At(receivedAt);
        var request = new ReceiveDossier(Guid.NewGuid(), "R-" + receivedAt, "UBND-XA-01", ThreeWorkingDays, channel, at, null);
        return Dossier.Fold(Decider.Decide(null, request, at).Events);
    }

    private static Dossier Then(Dossier dossier, Decision decision)
    {
        decision.Violation.ShouldBeNull();
        return dossier.Evolve(decision.Events.ShouldHaveSingleItem());
    }

    [Fact]
    public void An_open_dossier_has_local_dates_and_no_closure()
    {
        var facts = DossierFacts.Of(Receive("2025-03-10T09:00", Channel.Online), Zone).Single();

        facts.ShouldBe(new DossierFacts("UBND-XA-01", "CT", "1.001234", Channel.Online, new LocalDate(2025, 3, 10), new LocalDate(2025, 3, 13))
        {
            // The procedure version at receipt: three working days, a paper result, no fee.
            PaperResult = true,
            TimeLimitUnit = TimeLimitUnit.WorkingDays,
        });
    }

    [Fact]
    public void Dates_are_read_in_Vietnam_not_in_UTC()
    {
        // 1/4 00:30 +07:00 is 31/3 17:30 UTC.
        var received = Dossier.Start(Received(At("2025-04-01T00:30"), At("2025-04-03T17:00")));
        var resolved = received.On(new DossierResolved(DossierId, At("2025-04-02T06:00"), Timeliness.Early));

        var facts = DossierFacts.Of(resolved, Zone).Single();

        facts.ReceivedOn.ShouldBe(new LocalDate(2025, 4, 1));
        facts.ClosedOn.ShouldBe(new LocalDate(2025, 4, 2));
        facts.OverdueOn.ShouldBe(new LocalDate(2025, 4, 3));
        PeriodFigures.FromDefinition([facts], new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31)).Received.Total.ShouldBe(0);
    }

    [Fact]
    public void Closures_map_to_their_report_closure()
    {
        var open = Receive("2025-03-10T09:00");
        var resolved = Then(open, Decider.Decide(open, new ResolveDossier(At("2025-03-12T10:00")), Later));
        var returned = Then(resolved, Decider.Decide(resolved, new ReturnResult(At("2025-03-20T10:00"), ResultReturnMethod.Counter), Later));
        var withdrawn = Then(open, Decider.Decide(open, new WithdrawDossier(At("2025-03-11T10:00"), null), Later));
        var stopped = Then(open, Decider.Decide(open, new StopDossier(At("2025-03-11T10:00"), "dừng"), Later));

        DossierFacts.Of(open, Zone).Single().ShouldSatisfyAllConditions(
            f => f.Closure.ShouldBeNull(), f => f.ClosedOn.ShouldBeNull(), f => f.Timeliness.ShouldBeNull());
        DossierFacts.Of(resolved, Zone).Single().ShouldSatisfyAllConditions(
            f => f.Closure.ShouldBe(Closure.Resolved),
            f => f.ClosedOn.ShouldBe(new LocalDate(2025, 3, 12)),
            f => f.Timeliness.ShouldBe(Timeliness.Early));

        // Returning the result does not move the closing date to the return.
        DossierFacts.Of(returned, Zone).ShouldBe(DossierFacts.Of(resolved, Zone));
        DossierFacts.Of(withdrawn, Zone).Single().ShouldSatisfyAllConditions(
            f => f.Closure.ShouldBe(Closure.Withdrawn), f => f.ClosedOn.ShouldBe(new LocalDate(2025, 3, 11)));
        DossierFacts.Of(stopped, Zone).Single().ShouldSatisfyAllConditions(
            f => f.Closure.ShouldBe(Closure.Stopped), f => f.ClosedOn.ShouldBe(new LocalDate(2025, 3, 11)));
    }

    [Fact]
    public void Timeliness_in_the_report_compares_local_dates_with_the_due_date()
    {
        // Received Monday 10/3 09:00 with three working days: due Thursday 13/3 09:00.
        var open = Receive("2025-03-10T09:00");
        open.DueAt.ShouldBe(At("2025-03-13T09:00"));
        DossierFacts[] facts =
        [
            DossierFacts.Of(Then(open, Decider.Decide(open, new ResolveDossier(At("2025-03-12T16:59")), Later)), Zone).Single(),
            DossierFacts.Of(Then(open, Decider.Decide(open, new ResolveDossier(At("2025-03-13T16:00")), Later)), Zone).Single(),
            DossierFacts.Of(Then(open, Decider.Decide(open, new ResolveDossier(At("2025-03-14T07:30")), Later)), Zone).Single(),
        ];

        var figures = PeriodFigures.FromDefinition(facts, new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31));

        figures.Resolved.ShouldBe(new ResolvedFigures(3, Early: 1, OnTime: 1, Overdue: 1));
        Cumulative.Figures(facts, new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31)).ShouldBe(figures);
    }

    [Fact]
    public void Contributions_are_the_receipt_the_closure_and_the_overdue_window()
    {
        var facts = new DossierFacts("U", "F", "P", Channel.Postal, new LocalDate(2025, 3, 3), new LocalDate(2025, 3, 10),
            new LocalDate(2025, 3, 5), Closure.Resolved, Timeliness.Early);

        facts.Contributions().ShouldBe(
        [
            (new LocalDate(2025, 3, 3), ReportCounter.ReceivedPostal),
            (new LocalDate(2025, 3, 5), ReportCounter.ResolvedEarly),
            (new LocalDate(2025, 3, 5), ReportCounter.ClosedInTime),
            (new LocalDate(2025, 3, 10), ReportCounter.OverdueStarted),
            (new LocalDate(2025, 3, 10), ReportCounter.OverdueEnded),
        ]);
    }

    [Theory]
    [InlineData("2025-03-12T16:00", Timeliness.Early)]
    [InlineData("2025-03-13T16:30", Timeliness.OnTime)]
    [InlineData("2025-03-14T07:30", Timeliness.Overdue)]
    public void A_withdrawal_or_a_stop_is_judged_by_its_date_against_the_due_date(string closedAt, Timeliness expected)
    {
        // Received Monday 10/3 09:00 with three working days: due Thursday 13/3 09:00.
        var open = Receive("2025-03-10T09:00");
        var withdrawn = DossierFacts.Of(Then(open, Decider.Decide(open, new WithdrawDossier(At(closedAt), null), Later)), Zone).Single();
        var stopped = DossierFacts.Of(Then(open, Decider.Decide(open, new StopDossier(At(closedAt), "dừng"), Later)), Zone).Single();

        withdrawn.ClosingTimeliness.ShouldBe(expected);
        stopped.ClosingTimeliness.ShouldBe(expected);
        withdrawn.ClosedInTime.ShouldBe(expected != Timeliness.Overdue);
        var closedOn = withdrawn.ClosedOn!.Value;
        Judging(withdrawn).ShouldBe(expected switch
        {
            Timeliness.Early => [(closedOn, ReportCounter.WithdrawnEarly)],
            Timeliness.Overdue => [(closedOn, ReportCounter.WithdrawnOverdue)],
            _ => [],
        });
        Judging(stopped).ShouldBe(expected switch
        {
            Timeliness.Early => [(closedOn, ReportCounter.StoppedEarly)],
            Timeliness.Overdue => [(closedOn, ReportCounter.StoppedOverdue)],
            _ => [],
        });
    }

    /// <summary>The contributions that judge a withdrawal or a stop (on time is what is left of its counter).</summary>
    private static List<(LocalDate Day, ReportCounter Counter)> Judging(DossierFacts facts) =>
    [
        .. facts.Contributions().Where(c => c.Counter is ReportCounter.WithdrawnEarly or ReportCounter.WithdrawnOverdue
            or ReportCounter.StoppedEarly or ReportCounter.StoppedOverdue),
    ];

    [Fact]
    public void Closed_while_paused_in_time_is_on_time_and_paused_when_overdue_is_overdue()
    {
        var open = Receive("2025-03-10T09:00");
        // Paused on Tuesday with time left, withdrawn a week after the due date: the clock never ran out.
        var pausedInTime = Then(open, Decider.Decide(open, new RequestSupplement(At("2025-03-11T10:00"), "Bản sao CCCD"), Later));
        var withdrawnWhilePaused = DossierFacts.Of(
            Then(pausedInTime, Decider.Decide(pausedInTime, new WithdrawDossier(At("2025-03-20T10:00"), null), Later)), Zone).Single();
        // Paused on Friday 14/3, after its due: already overdue, and stopped so.
        var pausedOverdue = Then(open, Decider.Decide(open, new RequestSupplement(At("2025-03-14T10:00"), "Bản sao CCCD"), Later));
        var stoppedWhilePaused = DossierFacts.Of(
            Then(pausedOverdue, Decider.Decide(pausedOverdue, new StopDossier(At("2025-03-20T10:00"), "dừng"), Later)), Zone).Single();

        withdrawnWhilePaused.OverdueOn.ShouldBeNull();
        withdrawnWhilePaused.ClosingTimeliness.ShouldBe(Timeliness.OnTime);
        withdrawnWhilePaused.ClosedInTime.ShouldBeTrue();
        Judging(withdrawnWhilePaused).ShouldBeEmpty();
        stoppedWhilePaused.OverdueOn.ShouldBe(new LocalDate(2025, 3, 13));
        stoppedWhilePaused.ClosingTimeliness.ShouldBe(Timeliness.Overdue);
        Judging(stoppedWhilePaused).ShouldBe([(new LocalDate(2025, 3, 20), ReportCounter.StoppedOverdue)]);
    }

    [Fact]
    public void An_open_dossier_without_a_due_date_contributes_only_its_receipt() =>
        new DossierFacts("U", "F", "P", Channel.Online, new LocalDate(2025, 3, 3), null)
            .Contributions().ShouldBe([(new LocalDate(2025, 3, 3), ReportCounter.ReceivedOnline)]);
}

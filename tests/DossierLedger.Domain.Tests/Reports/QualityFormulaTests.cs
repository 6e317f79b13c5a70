using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>
/// QĐ 766 by its formula text, one hand-worked case per indicator. Each figure is read from the definition and from the
/// counters, which must agree. March 2025: Monday 10/3 to Friday 14/3, then Monday 17/3.
/// </summary>
public sealed class QualityFormulaTests
{
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private static readonly DateTimeZone Zone = WorkingTimeCalendar.Vietnam.Zone;
    private static readonly Instant Later = Instant.FromUtc(2030, 1, 1, 0, 0);
    private static readonly LocalDate March1 = new(2025, 3, 1);
    private static readonly LocalDate Day = new(2025, 3, 10);

    private static Dossier Receive(string at, Procedure? procedure = null, Channel channel = Channel.Direct) =>
        Dossier.Fold(Decider.Decide(
            null,
            new ReceiveDossier(Guid.NewGuid(), "R-1", "UBND-XA-01", procedure ?? ThreeWorkingDays, channel, At(at), null),
            Later).Events);

    private static Dossier Then(Dossier dossier, DossierCommand command)
    {
        var decision = Decider.Decide(dossier, command, Later);
        decision.Violation.ShouldBeNull();
        return decision.Events.Aggregate(dossier, (state, e) => state.Evolve(e));
    }

    /// <summary>The indicators of [from, to] by definition, after checking the counters give the same.</summary>
    private static QualityFigures Quality(IReadOnlyList<DossierFacts> facts, LocalDate from, LocalDate to)
    {
        var defined = QualityFigures.FromDefinition(facts, from, to);
        QualityFigures.FromCumulative(Cumulative.Before(facts, from), Cumulative.Before(facts, to.PlusDays(1))).ShouldBe(defined);
        return defined;
    }

    private static QualityFigures Quality(Dossier dossier, LocalDate from, LocalDate to) => Quality(DossierFacts.Of(dossier, Zone), from, to);

    [Fact]
    public void Progress_2_1_an_open_dossier_due_on_the_last_day_is_on_time()
    {
        // Received Monday 10/3 09:00 with three working days: due Thursday 13/3 09:00, still open.
        var open = Receive("2025-03-10T09:00");

        Quality(open, March1, new LocalDate(2025, 3, 13)).Progress.ShouldBe(new Ratio(1, 1));
        Quality(open, March1, new LocalDate(2025, 3, 14)).Progress.ShouldBe(new Ratio(0, 1));
        // Biểu 06 counts it overdue on 13/3 already: its due instant is before the end of the period.
        PeriodFigures.FromDefinition(DossierFacts.Of(open, Zone), March1, new LocalDate(2025, 3, 13)).Pending.Overdue.ShouldBe(1);
    }

    [Fact]
    public void Progress_2_1_a_second_supplement_request_on_a_waiting_dossier_makes_it_late_and_its_resolution_in_time_undoes_that()
    {
        var open = Receive("2025-03-10T09:00");
        // First request Tuesday 11/3 10:00, 15 working hours before the due; the supplement comes Wednesday 12/3 10:00: due Friday 14/3 09:00.
        var firstWait = Then(open, new RequestSupplement(At("2025-03-11T10:00"), "Bản sao CCCD"));
        var resumed = Then(firstWait, new ReceiveSupplement(At("2025-03-12T10:00")));
        resumed.DueAt.ShouldBe(At("2025-03-14T09:00"));
        // Second request Thursday 13/3 08:00, in time, 9 working hours left; still waiting.
        var secondWait = Then(resumed, new RequestSupplement(At("2025-03-13T08:00"), "Bản chính giấy khai sinh"));
        // Back on Monday 17/3 10:00: due Tuesday 18/3 11:00; resolved Tuesday 18/3 10:00.
        var resumedAgain = Then(secondWait, new ReceiveSupplement(At("2025-03-17T10:00")));
        resumedAgain.DueAt.ShouldBe(At("2025-03-18T11:00"));
        var resolved = Then(resumedAgain, new ResolveDossier(At("2025-03-18T10:00")));

        Quality(firstWait, March1, new LocalDate(2025, 3, 31)).Progress.ShouldBe(new Ratio(1, 1), "waiting on the first request, made in time");
        Quality(secondWait, March1, new LocalDate(2025, 3, 13)).Progress.ShouldBe(new Ratio(0, 1), "waiting on a second request");
        Quality(secondWait, March1, new LocalDate(2025, 3, 31)).Progress.ShouldBe(new Ratio(0, 1));
        Quality(secondWait, March1, new LocalDate(2025, 3, 12)).Progress.ShouldBe(new Ratio(1, 1), "before the second request it ran in time");
        Quality(resumedAgain, March1, new LocalDate(2025, 3, 17)).Progress.ShouldBe(new Ratio(1, 1), "running again, due 18/3");
        Quality(resolved, March1, new LocalDate(2025, 3, 31)).Progress.ShouldBe(new Ratio(1, 1), "resolved by its due: in time");
    }

    [Fact]
    public void Progress_2_1_a_request_after_the_due_instant_on_the_due_date_ends_processing_on_time()
    {
        // Due Thursday 13/3 09:00; the supplement is requested at 10:00 that day and the dossier still waits on 20/3.
        var waiting = Then(Receive("2025-03-10T09:00"), new RequestSupplement(At("2025-03-13T10:00"), "Bản sao CCCD"));
        var lateRequest = Then(Receive("2025-03-10T09:00"), new RequestSupplement(At("2025-03-14T10:00"), "Bản sao CCCD"));

        Quality(waiting, March1, new LocalDate(2025, 3, 20)).Progress.ShouldBe(new Ratio(1, 1));
        PeriodFigures.FromDefinition(DossierFacts.Of(waiting, Zone), March1, new LocalDate(2025, 3, 20)).Pending.Overdue.ShouldBe(1);
        Quality(lateRequest, March1, new LocalDate(2025, 3, 20)).Progress.ShouldBe(new Ratio(0, 1), "requested the day after its due date");
    }

    [Fact]
    public void Processing_time_2_2_is_the_time_used_pauses_excluded_in_the_procedures_own_unit()
    {
        // Three working days: received Monday 10/3 09:00, paused a working day from Tuesday 09:00, resolved Thursday 09:00:
        // three working days elapsed, one paused, two used.
        var paused = Then(Receive("2025-03-10T09:00"), new RequestSupplement(At("2025-03-11T09:00"), "Bản sao CCCD"));
        var resolved = Then(Then(paused, new ReceiveSupplement(At("2025-03-12T09:00"))), new ResolveDossier(At("2025-03-13T09:00")));
        // Same day (cut-off 15:00): received 09:00, resolved 11:00, two working hours.
        var sameDay = Then(Receive("2025-03-10T09:00", SameDay), new ResolveDossier(At("2025-03-10T11:00")));

        resolved.ProcessingTime.ShouldBe(2m);
        sameDay.ProcessingTime.ShouldBe(2m);
        Quality(resolved, March1, new LocalDate(2025, 3, 31)).ProcessingTime
            .ShouldBe(new ProcessingTimeFigures(1, ProcessingTimeUnit.WorkingDays, 2m));
        Quality(sameDay, March1, new LocalDate(2025, 3, 31)).ProcessingTime.Value.ShouldBe(2.0);
        Quality(sameDay, March1, new LocalDate(2025, 3, 31)).ProcessingTime.Unit.ShouldBe(ProcessingTimeUnit.WorkingHours);
        var both = Quality([.. DossierFacts.Of(resolved, Zone), .. DossierFacts.Of(sameDay, Zone)], March1, new LocalDate(2025, 3, 31));
        both.ProcessingTime.ShouldBe(new ProcessingTimeFigures(2, null, null), "working days and hours do not add up");
        both.ProcessingTime.Value.ShouldBeNull();
    }

    [Fact]
    public void Online_reception_3_3_counts_an_online_dossier_of_a_paper_result_procedure_only_with_its_electronic_result()
    {
        var paper = new DossierFacts("U", "F", "P", Channel.Online, Day, Day.PlusDays(3)) { PaperResult = true };
        DossierFacts[] facts =
        [
            paper,
            paper with { ElectronicResult = true },
            paper with { PaperResult = false },
            paper with { Channel = Channel.Direct },
        ];

        var online = Quality(facts, Day, Day).OnlineReception;

        online.ShouldBe(new FactoredRatio(2, 4, RateFactor.NoNationalPortalFeed));
        online.Factor.Value.ShouldBe(1);
        online.Factor.Basis.ShouldContain("national-portal feed is off");
        online.Value.ShouldBe(0.5);
    }

    [Fact]
    public void Online_payment_3_6_counts_every_dossier_of_a_fee_bearing_procedure_even_without_a_fee_request()
    {
        var feeBearing = new DossierFacts("U", "F", "P", Channel.Online, Day, Day.PlusDays(3)) { FeeBearing = true };
        DossierFacts[] facts =
        [
            feeBearing with { FeeRequested = true, PaidOnline = true },
            feeBearing, // no fee asked (exempt, say): still in the denominator
            feeBearing with { FeeBearing = false, FeeRequested = true, PaidOnline = true }, // not a fee-bearing procedure
        ];

        Quality(facts, Day, Day).OnlinePayment.ShouldBe(new Ratio(1, 2));
    }

    [Fact]
    public void Electronic_results_4_1_over_the_resolved_dossiers_of_paper_result_procedures()
    {
        var resolved = new DossierFacts("U", "F", "P", Channel.Direct, Day, Day.PlusDays(3), Day.PlusDays(1), Closure.Resolved, Timeliness.Early)
        {
            PaperResult = true,
        };
        DossierFacts[] facts =
        [
            resolved with { ElectronicResult = true },
            resolved,
            resolved with { PaperResult = false, ElectronicResult = true }, // no paper result: not in 4.1
            new DossierFacts("U", "F", "P", Channel.Direct, Day, Day.PlusDays(3)) { PaperResult = true }, // still open
        ];

        var figures = Quality(facts, Day, Day.PlusDays(5));

        figures.ElectronicResults.ShouldBe(new Ratio(1, 2));
        new IndicatorTargets().Score(figures).ElectronicResults.Achievement.ShouldBe(0.5);
    }

    [Fact]
    public void Digitization_4_2_needs_the_electronic_result_where_the_procedure_has_a_paper_one()
    {
        var digitized = new DossierFacts("U", "F", "P", Channel.Direct, Day, Day.PlusDays(3)) { Digitized = true, PaperResult = true };
        DossierFacts[] facts =
        [
            digitized with { ElectronicResult = true },
            digitized, // paper result, none electronic
            digitized with { PaperResult = false },
            digitized with { Digitized = false, ElectronicResult = true },
        ];

        var figures = Quality(facts, Day, Day);

        figures.Digitization.ShouldBe(new Ratio(2, 4));
        figures.DigitizedComponents.ShouldBe(new Ratio(3, 4));
        new IndicatorTargets().Score(figures).Digitization.Achievement!.Value.ShouldBe(0.5 / 0.8, 1e-12);
    }

    [Fact]
    public void Data_reuse_4_3_over_the_dossiers_received()
    {
        var received = new DossierFacts("U", "F", "P", Channel.Online, Day, Day.PlusDays(3));
        DossierFacts[] facts = [received with { ReusedData = true }, received, received with { ReusedData = true, ReceivedOn = Day.PlusDays(-1) }];

        var figures = Quality(facts, Day, Day);

        figures.DataReuse.ShouldBe(new Ratio(1, 2));
        new IndicatorTargets().Score(figures).DataReuse.Achievement!.Value.ShouldBe(0.5 / 0.8, 1e-12);
    }

    [Fact]
    public void Satisfaction_5_4_earns_full_marks_at_90_percent()
    {
        DossierFacts Resolved(Timeliness timeliness, bool complaint) =>
            new("U", "F", "P", Channel.Online, Day, Day.PlusDays(2), Day.PlusDays(1), Closure.Resolved, timeliness) { Complaint = complaint };
        var ten = Enumerable.Range(0, 8).Select(_ => Resolved(Timeliness.Early, false)).Append(Resolved(Timeliness.Overdue, false)).ToList();

        var ninety = Quality([.. ten, Resolved(Timeliness.OnTime, false)], Day, Day.PlusDays(5));
        var eighty = Quality([.. ten, Resolved(Timeliness.OnTime, true)], Day, Day.PlusDays(5));

        ninety.Satisfaction.Value!.Value.ShouldBe(0.9, 1e-12);
        new IndicatorTargets().Score(ninety).Satisfaction.Achievement.ShouldBe(1);
        eighty.Satisfaction.Value!.Value.ShouldBe(0.8, 1e-12);
        new IndicatorTargets().Score(eighty).Satisfaction.Achievement!.Value.ShouldBe(0.8 / 0.9, 1e-12);
    }
}

using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>The desk's deadline rules: the supplement deadline, a result given at once, step budgets and personal deadlines.</summary>
public class DeadlineRulesTests
{
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Instant);

    private static readonly Instant Later = At("2025-04-30T12:00");

    private static readonly ProcedureDeadlines Rules = new(
        SupplementTimeLimit: new TimeLimit(5, TimeLimitUnit.WorkingDays),
        StepBudgets: [new StepBudget("Thẩm định", new TimeLimit(2, TimeLimitUnit.WorkingDays)), new StepBudget("Phê duyệt", new TimeLimit(4, TimeLimitUnit.WorkingHours))]);

    /// <summary>Received Monday 10/3/2025 at 08:00 under a procedure of three working days with <paramref name="deadlines"/>.</summary>
    private static Dossier Received(ProcedureDeadlines? deadlines, Procedure? procedure = null)
    {
        var receipt = new ReceiveDossier(
            DossierId, "KP-250310-0001", "KP", (procedure ?? ThreeWorkingDays) with { Deadlines = deadlines }, Channel.Direct, At("2025-03-10T08:00"), null);
        return Dossier.Fold(Accepted(null, receipt));
    }

    private static IReadOnlyList<IDossierEvent> Accepted(Dossier? state, DossierCommand command)
    {
        var decision = Decider.Decide(state, command, Later);
        decision.Violation.ShouldBeNull();
        return decision.Events;
    }

    private static Dossier Apply(Dossier state, DossierCommand command) => Accepted(state, command).Aggregate(state, (s, e) => s.Evolve(e));

    private static void ShouldReject(Dossier state, DossierCommand command, string rule) =>
        Decider.Decide(state, command, Later).Violation.ShouldNotBeNull().Rule.ShouldBe(rule);

    [Fact]
    public void A_receipt_keeps_the_procedure_versions_deadline_rules()
    {
        var dossier = Received(Rules);

        dossier.Deadlines.ShouldBe(Rules);
        Received(null).Deadlines.ShouldBeNull();
    }

    [Fact]
    public void A_supplement_request_is_due_by_the_procedures_supplement_time_limit_unless_it_states_a_date()
    {
        var dossier = Received(Rules);

        var byProcedure = Accepted(dossier, new RequestSupplement(At("2025-03-11T09:00"), "Bản sao CCCD")).Single().ShouldBeOfType<SupplementRequested>();
        var stated = Accepted(dossier, new RequestSupplement(At("2025-03-11T09:00"), "Bản sao CCCD", At("2025-03-13T17:00")))
            .Single().ShouldBeOfType<SupplementRequested>();
        var none = Accepted(Received(null), new RequestSupplement(At("2025-03-11T09:00"), "Bản sao CCCD")).Single().ShouldBeOfType<SupplementRequested>();

        byProcedure.RespondBy.ShouldBe(At("2025-03-18T09:00")); // five working days from Tuesday 09:00
        stated.RespondBy.ShouldBe(At("2025-03-13T17:00"));
        none.RespondBy.ShouldBeNull();
        Apply(dossier, new RequestSupplement(At("2025-03-11T09:00"), "x")).SupplementDueAt.ShouldBe(At("2025-03-18T09:00"));
    }

    [Fact]
    public void A_stated_deadline_must_come_after_the_request()
    {
        var dossier = Received(Rules);

        ShouldReject(dossier, new RequestSupplement(At("2025-03-11T09:00"), "x", At("2025-03-11T09:00")), DossierRules.DeadlineNotLater);
        ShouldReject(dossier, new AssignDossier(At("2025-03-11T09:00"), "Thẩm định", "a", At("2025-03-10T09:00")), DossierRules.DeadlineNotLater);
    }

    [Fact]
    public void A_dossier_may_be_stopped_for_a_lapsed_supplement_only_after_its_deadline()
    {
        var waiting = Apply(Received(Rules), new RequestSupplement(At("2025-03-11T09:00"), "x", At("2025-03-13T17:00")));

        ShouldReject(waiting, new StopDossier(At("2025-03-13T17:00"), "Quá hạn bổ sung", SupplementLapsed: true), DossierRules.SupplementNotLapsed);
        ShouldReject(Received(Rules), new StopDossier(At("2025-03-20T08:00"), "Quá hạn bổ sung", SupplementLapsed: true), DossierRules.SupplementNotLapsed);
        var stopped = Accepted(waiting, new StopDossier(At("2025-03-13T17:01"), "Quá hạn bổ sung", SupplementLapsed: true)).Single().ShouldBeOfType<DossierStopped>();

        stopped.SupplementLapsed.ShouldBeTrue();
        Accepted(waiting, new StopDossier(At("2025-03-12T08:00"), "Theo đề nghị")).Single().ShouldBeOfType<DossierStopped>().SupplementLapsed.ShouldBeFalse();
    }

    [Fact]
    public void An_assignment_is_due_by_the_steps_budget_unless_it_states_a_personal_deadline()
    {
        var dossier = Received(Rules);

        Accepted(dossier, new AssignDossier(At("2025-03-10T09:00"), "thẩm định", "chuyenvien.a")).Single().ShouldBeOfType<DossierAssigned>()
            .StepDueAt.ShouldBe(At("2025-03-12T09:00"));
        Accepted(dossier, new AssignDossier(At("2025-03-10T09:00"), "Phê duyệt", "lanhdao")).Single().ShouldBeOfType<DossierAssigned>()
            .StepDueAt.ShouldBe(At("2025-03-10T15:00")); // four working hours, across the 11:30–13:30 break
        Accepted(dossier, new AssignDossier(At("2025-03-10T09:00"), "Thẩm định", "chuyenvien.a", At("2025-03-11T09:00"))).Single()
            .ShouldBeOfType<DossierAssigned>().StepDueAt.ShouldBe(At("2025-03-11T09:00"));
        Accepted(dossier, new AssignDossier(At("2025-03-10T09:00"), "Trả kết quả", null)).Single().ShouldBeOfType<DossierAssigned>()
            .StepDueAt.ShouldBeNull();
    }

    [Fact]
    public void The_next_assignment_replaces_the_step_deadline()
    {
        var assigned = Apply(Received(Rules), new AssignDossier(At("2025-03-10T09:00"), "Thẩm định", "a"));
        var forwarded = Apply(assigned, new AssignDossier(At("2025-03-11T09:00"), "Ký duyệt", "b"));

        assigned.StepDueAt.ShouldBe(At("2025-03-12T09:00"));
        forwarded.StepDueAt.ShouldBeNull();
        forwarded.Assignee.ShouldBe("b");
    }

    [Fact]
    public void A_pause_moves_the_steps_deadline_as_it_moves_the_dossiers()
    {
        var assigned = Apply(Received(Rules), new AssignDossier(At("2025-03-10T09:00"), "Thẩm định", "a")); // step due 12/3 09:00
        var paused = Apply(assigned, new RequestSupplement(At("2025-03-11T09:00"), "x")); // one working day of the step left
        var resumed = Accepted(paused, new ReceiveSupplement(At("2025-03-14T09:00"))).Single().ShouldBeOfType<SupplementReceived>();

        resumed.NewStepDueAt.ShouldBe(At("2025-03-17T09:00"));
        paused.Evolve(resumed).StepDueAt.ShouldBe(At("2025-03-17T09:00"));
        var lateAtPause = Apply(Apply(assigned, new RequestSupplement(At("2025-03-12T10:00"), "x")), new ReceiveSupplement(At("2025-03-14T09:00")));
        lateAtPause.StepDueAt.ShouldBe(At("2025-03-12T09:00"), "a step already late when the clock stopped stays late");
    }

    [Theory]
    [InlineData("2025-03-10T09:00")]
    [InlineData("2025-03-14T09:00")] // days after its day: still on time, the law gives it no date
    public void A_result_given_at_once_is_on_time_whenever_it_is_resolved(string resolvedAt)
    {
        var dossier = Received(new ProcedureDeadlines(ResultAtOnce: true), SameDay);

        Accepted(dossier, new ResolveDossier(At(resolvedAt))).Single().ShouldBeOfType<DossierResolved>().Timeliness.ShouldBe(Timeliness.OnTime);
        Accepted(Received(null, SameDay), new ResolveDossier(At("2025-03-10T09:00"))).Single().ShouldBeOfType<DossierResolved>()
            .Timeliness.ShouldBe(Timeliness.Early);
    }

    [Fact]
    public void Deadline_rules_must_fit_the_time_limit()
    {
        var threeDays = new TimeLimit(3, TimeLimitUnit.WorkingDays);
        var sameDay = new TimeLimit(0, TimeLimitUnit.SameDay);

        Rules.Conflict(threeDays).ShouldBeNull();
        new ProcedureDeadlines(ResultAtOnce: true).Conflict(sameDay).ShouldBeNull();
        new ProcedureDeadlines(ResultAtOnce: true).Conflict(threeDays).ShouldNotBeNull();
        new ProcedureDeadlines(SupplementTimeLimit: sameDay).Conflict(threeDays).ShouldNotBeNull();
        new ProcedureDeadlines(StepBudgets: [new StepBudget("a", new TimeLimit(2, TimeLimitUnit.CalendarDays))]).Conflict(threeDays).ShouldNotBeNull();
        new ProcedureDeadlines(StepBudgets: [new StepBudget("a", threeDays), new StepBudget("A", threeDays)]).Conflict(threeDays).ShouldNotBeNull();
    }
}

using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Tests.Dossiers;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>
/// The report facts of dossiers the extended lifecycle left refused, paused, resumed or apologized for.
/// The reference dossier is received Monday 10/3/2025 08:00, due Thursday 13/3/2025 08:00; paused Tuesday
/// 11/3 08:00 with 16 working hours left and resumed Monday 17/3 10:00, it is due Wednesday 19/3 10:00.
/// </summary>
public class DossierFactsLifecycleTests
{
    private static readonly DateTimeZone Zone = ByDate.Calendar.Zone;
    private static readonly LocalDate March1 = new(2025, 3, 1);
    private static readonly LocalDate March31 = new(2025, 3, 31);

    private static Dossier PausedBeforeDue()
    {
        var open = Open();
        return open.Then(ByDate.Decide(open, new RequestSupplement(At("2025-03-11T08:00"), "Bản sao CCCD"), Later));
    }

    private static Dossier PausedAfterDue()
    {
        var open = Open();
        return open.Then(ByDate.Decide(open, new RequestSupplement(At("2025-03-14T08:00"), "Bản sao CCCD"), Later));
    }

    private static Dossier Resume(Dossier paused) => paused.Then(ByDate.Decide(paused, new ReceiveSupplement(At("2025-03-17T10:00")), Later));

    private static DossierFacts FactsOf(Dossier dossier) => DossierFacts.Of(dossier, Zone).ShouldHaveSingleItem();

    [Fact]
    public void A_dossier_refused_at_intake_has_no_facts() =>
        DossierFacts.Of(Refused(), Zone).ShouldBeEmpty();

    [Fact]
    public void An_open_dossier_is_overdue_from_its_due_date() =>
        FactsOf(Open()).ShouldSatisfyAllConditions(
            f => f.ReceivedOn.ShouldBe(new LocalDate(2025, 3, 10)),
            f => f.OverdueOn.ShouldBe(new LocalDate(2025, 3, 13)),
            f => f.ClosedOn.ShouldBeNull(),
            f => f.Closure.ShouldBeNull());

    [Fact]
    public void While_paused_before_the_due_no_due_date_is_known()
    {
        var facts = FactsOf(PausedBeforeDue());

        facts.OverdueOn.ShouldBeNull();
        facts.ReceivedOn.ShouldBe(new LocalDate(2025, 3, 10));
        facts.ClosedOn.ShouldBeNull();
        facts.Closure.ShouldBeNull();
    }

    [Fact]
    public void While_paused_after_the_due_the_old_due_date_stays() =>
        FactsOf(PausedAfterDue()).OverdueOn.ShouldBe(new LocalDate(2025, 3, 13));

    [Fact]
    public void After_resumption_the_new_due_date_counts() =>
        FactsOf(Resume(PausedBeforeDue())).OverdueOn.ShouldBe(new LocalDate(2025, 3, 19));

    [Fact]
    public void After_resuming_an_overdue_dossier_the_old_due_date_still_counts() =>
        FactsOf(Resume(PausedAfterDue())).OverdueOn.ShouldBe(new LocalDate(2025, 3, 13));

    [Fact]
    public void Payment_facts_follow_whether_the_request_paused_the_clock()
    {
        var open = Open();
        var running = open.Then(ByDate.Decide(open, new RequestPayment(At("2025-03-11T08:00"), 50_000m, PausesClock: false), Later));
        var paused = open.Then(ByDate.Decide(open, new RequestPayment(At("2025-03-11T08:00"), 50_000m, PausesClock: true), Later));
        var paid = paused.Then(ByDate.Decide(paused, new ReceivePayment(At("2025-03-17T10:00"), 50_000m, PaymentMethod.Cash), Later));

        FactsOf(running).OverdueOn.ShouldBe(new LocalDate(2025, 3, 13));
        FactsOf(paused).OverdueOn.ShouldBeNull();
        FactsOf(paid).OverdueOn.ShouldBe(new LocalDate(2025, 3, 19));
    }

    [Fact]
    public void An_apology_does_not_move_the_overdue_date()
    {
        var open = Open();
        var apologized = open.Then(ByDate.Apologize(open, At("2025-03-12T10:00"), At("2025-03-17T17:00"), "quá tải", Later));

        FactsOf(apologized).OverdueOn.ShouldBe(new LocalDate(2025, 3, 13));
        var resolved = apologized.Then(ByDate.Decide(apologized, new ResolveDossier(At("2025-03-14T10:00")), Later));
        FactsOf(resolved).ShouldSatisfyAllConditions(
            f => f.Timeliness.ShouldBe(Timeliness.Overdue),
            f => f.ClosedOn.ShouldBe(new LocalDate(2025, 3, 14)),
            f => f.OverdueOn.ShouldBe(new LocalDate(2025, 3, 13)));
    }

    [Fact]
    public void A_resumed_dossier_resolved_on_its_new_due_date_is_reported_on_time()
    {
        var resumed = Resume(PausedBeforeDue());
        var resolved = resumed.Then(ByDate.Decide(resumed, new ResolveDossier(At("2025-03-19T16:00")), Later));

        var facts = FactsOf(resolved);

        facts.ShouldSatisfyAllConditions(
            f => f.ReceivedOn.ShouldBe(new LocalDate(2025, 3, 10)),
            f => f.OverdueOn.ShouldBe(new LocalDate(2025, 3, 19)),
            f => f.ClosedOn.ShouldBe(new LocalDate(2025, 3, 19)),
            f => f.Closure.ShouldBe(Closure.Resolved),
            f => f.Timeliness.ShouldBe(Timeliness.OnTime));
        PeriodFigures.FromDefinition([facts], March1, March31).Resolved.ShouldBe(new ResolvedFigures(1, Early: 0, OnTime: 1, Overdue: 0));
    }

    [Fact]
    public void A_dossier_paused_before_its_due_is_pending_within_the_deadline()
    {
        // The report of 1–14/3: the paused dossier is still open and not overdue, although 13/3 has passed.
        DossierFacts[] facts = [FactsOf(PausedBeforeDue())];

        var figures = PeriodFigures.FromDefinition(facts, March1, new LocalDate(2025, 3, 14));

        figures.Pending.ShouldBe(new PendingFigures(1, WithinDeadline: 1, Overdue: 0));
        Cumulative.Figures(facts, March1, new LocalDate(2025, 3, 14)).ShouldBe(figures);
    }

    [Fact]
    public void A_dossier_paused_after_its_due_is_pending_overdue()
    {
        DossierFacts[] facts = [FactsOf(PausedAfterDue())];

        var figures = PeriodFigures.FromDefinition(facts, March1, new LocalDate(2025, 3, 14));

        figures.Pending.ShouldBe(new PendingFigures(1, WithinDeadline: 0, Overdue: 1));
        Cumulative.Figures(facts, March1, new LocalDate(2025, 3, 14)).ShouldBe(figures);
    }

    [Fact]
    public void A_dossier_stopped_while_paused_never_counts_as_pending_overdue()
    {
        // Paused 11/3 with 16 h left, stopped 24/3 without the supplement: its clock never ran out, so the
        // report of 1–20/3 (when it was still pending) must not count it overdue.
        var paused = PausedBeforeDue();
        var stopped = paused.Then(ByDate.Decide(paused, new StopDossier(At("2025-03-24T09:00"), "Không bổ sung hồ sơ"), Later));
        DossierFacts[] facts = [FactsOf(stopped)];

        PeriodFigures.FromDefinition(facts, March1, new LocalDate(2025, 3, 20)).Pending
            .ShouldBe(new PendingFigures(1, WithinDeadline: 1, Overdue: 0));
    }
}

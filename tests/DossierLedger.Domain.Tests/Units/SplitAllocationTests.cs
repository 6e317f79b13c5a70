using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Units;

/// <summary>A split unit's pending dossiers go to its successors by an explicit allocation: every one, once, or none.</summary>
public class SplitAllocationTests
{
    private static readonly LocalDate Founded = new(2020, 1, 1);
    private static readonly LocalDate SplitDay = new(2025, 7, 1);
    private static readonly Instant Now = At("2025-07-02T10:00");
    private static readonly UnitSplit Split = new("X", ["S1", "S2"], SplitDay);

    /// <summary>Province P; commune X split on 1 July 2025 into S1 (new) and S2 (an existing commune); commune O stays apart.</summary>
    private static readonly UnitRegistry Registry = Apply(
    [
        new UnitEstablished("P", "Tỉnh P", UnitLevel.Province, null, Founded),
        new UnitEstablished("X", "Xã X", UnitLevel.Commune, "P", Founded),
        new UnitEstablished("S2", "Xã S2", UnitLevel.Commune, "P", Founded),
        new UnitEstablished("O", "Xã O", UnitLevel.Commune, "P", Founded),
        new UnitEstablished("S1", "Xã S1", UnitLevel.Commune, "P", SplitDay),
        Split,
    ]);

    private static readonly Procedure CommuneProcedure = ThreeWorkingDays with { Competence = new Competence(UnitLevel.Commune) };

    private static UnitRegistry Apply(IUnitEvent[] changes)
    {
        var outcome = UnitRegistry.Empty.Apply(changes);
        outcome.Violation.ShouldBeNull();
        return outcome.Registry;
    }

    private static Dossier Received(int n, string unit = "X", Procedure? procedure = null) =>
        Dossier.Fold(Accepted(ByDate.Decide(null, new ReceiveDossier(
            Guid.Parse($"00000000-0000-4000-8000-{n:D12}"), $"{unit}-250610-{n:D4}", unit, procedure ?? CommuneProcedure, Channel.Direct,
            At("2025-06-10T08:00").Plus(Duration.FromMinutes(n)), "Nguyễn Văn A"), Now)));

    private static readonly Dossier[] Held = [Received(1), Received(2), Received(3)];

    private static AllocatedDossier To(string to, Dossier dossier) => new(dossier.ReceiptNo, null, to);

    private static SplitAllocationOutcome Decide(IEnumerable<Dossier> dossiers, params AllocatedDossier[] allocation) =>
        SplitAllocation.Decide(Split, Registry, dossiers, allocation, ByDate, Now, "admin-1");

    private static void ShouldRefuse(SplitAllocationOutcome outcome, string rule, params string[] named)
    {
        outcome.Violation.ShouldNotBeNull().Rule.ShouldBe(rule);
        outcome.HandOvers.ShouldBeEmpty(); // all or none
        foreach (var name in named)
        {
            outcome.Violation.Detail.ShouldContain(name);
        }
    }

    [Fact]
    public void Every_pending_dossier_is_handed_over_to_its_successor_at_the_first_instant_of_the_split_and_its_clock_carries_over()
    {
        var closed = Received(4).Then(ByDate.Decide(Received(4), new ResolveDossier(At("2025-06-12T09:00")), Now));

        var outcome = Decide([.. Held, closed], To("S1", Held[0]), To("S2", Held[1]), new AllocatedDossier(null, Held[2].Id, "S1"));

        outcome.Violation.ShouldBeNull();
        outcome.HandOvers.Select(h => (h.Dossier.Id, h.HandedOver.ToUnitCode)).ShouldBe(
            [(Held[0].Id, "S1"), (Held[1].Id, "S2"), (Held[2].Id, "S1")], ignoreOrder: true);
        foreach (var (dossier, handedOver) in outcome.HandOvers)
        {
            handedOver.ShouldBe(new DossierHandedOver(dossier.Id, At("2025-07-01T00:00"), "X", handedOver.ToUnitCode,
                "Split of X into S1, S2 from 2025-07-01", "admin-1"));
            var after = dossier.Evolve(handedOver);
            after.AuthorityCode.ShouldBe(handedOver.ToUnitCode);
            after.DueAt.ShouldBe(dossier.DueAt);
        }
    }

    [Fact]
    public void A_dossier_the_unit_acted_on_after_the_split_took_effect_is_handed_over_after_that_act()
    {
        var actedOn = Held[0].Then(ByDate.Decide(Held[0], new AssignDossier(At("2025-07-01T09:30"), "Thẩm định", "cán bộ B"), Now));

        var outcome = Decide([actedOn], To("S2", actedOn));

        outcome.HandOvers.ShouldHaveSingleItem().HandedOver.OccurredAt.ShouldBe(At("2025-07-01T09:30"));
    }

    [Fact]
    public void A_unit_holding_nothing_splits_with_an_empty_allocation() =>
        Decide([]).HandOvers.ShouldBeEmpty();

    [Fact]
    public void An_allocation_missing_a_pending_dossier_names_every_one_missing() =>
        ShouldRefuse(Decide(Held, To("S1", Held[0])), SplitAllocation.Missing, Held[1].ReceiptNo, Held[2].ReceiptNo);

    [Fact]
    public void A_closed_dossier_or_one_the_unit_does_not_hold_is_not_pending_there()
    {
        var closed = Received(4).Then(ByDate.Decide(Received(4), new WithdrawDossier(At("2025-06-12T09:00"), "rút"), Now));
        var elsewhere = Received(5, unit: "O");

        ShouldRefuse(Decide([.. Held, closed], [.. Held.Select(d => To("S1", d)), To("S2", closed)]), SplitAllocation.NotPending, closed.ReceiptNo);
        ShouldRefuse(Decide([.. Held, elsewhere], [.. Held.Select(d => To("S1", d)), To("S2", elsewhere)]), SplitAllocation.NotPending, elsewhere.ReceiptNo);
        ShouldRefuse(Decide(Held, [.. Held.Select(d => To("S1", d)), new AllocatedDossier("X-250610-9999", null, "S1")]), SplitAllocation.NotPending, "X-250610-9999");
    }

    [Fact]
    public void A_dossier_allocated_to_a_unit_that_is_not_a_successor_is_refused() =>
        ShouldRefuse(Decide(Held, To("S1", Held[0]), To("S2", Held[1]), To("O", Held[2])), SplitAllocation.NotSuccessor, Held[2].ReceiptNo, "O");

    [Fact]
    public void A_dossier_allocated_twice_is_refused() =>
        ShouldRefuse(Decide(Held, To("S1", Held[0]), To("S2", Held[1]), To("S1", Held[2]), new AllocatedDossier(null, Held[0].Id, "S2")),
            SplitAllocation.Repeated);

    [Fact]
    public void A_receipt_number_two_pending_dossiers_share_must_be_named_by_id()
    {
        var namesake = Received(6) with { ReceiptNo = Held[0].ReceiptNo };

        ShouldRefuse(Decide([.. Held, namesake], [.. Held.Select(d => To("S1", d))]), SplitAllocation.Ambiguous, Held[0].ReceiptNo);
        Decide([.. Held, namesake], [.. Held.Select(d => new AllocatedDossier(null, d.Id, "S1")), new AllocatedDossier(null, namesake.Id, "S2")])
            .Violation.ShouldBeNull();
    }

    [Fact]
    public void A_split_taking_effect_after_today_is_refused() =>
        ShouldRefuse(SplitAllocation.Decide(Split, Registry, Held, [.. Held.Select(d => To("S1", d))], ByDate, At("2025-06-30T23:00"), "admin-1"),
            SplitAllocation.InFuture);

    [Fact]
    public void A_dossier_away_for_joint_processing_is_refused_by_the_hand_over_rule_naming_it()
    {
        var away = Held[1].Then(ByDate.Decide(Held[1], new TransferDossier(At("2025-06-20T09:00"), "SO-TNMT"), Now));

        ShouldRefuse(Decide([Held[0], away, Held[2]], To("S1", Held[0]), To("S2", away), To("S1", Held[2])), DossierRules.TransferPending, away.ReceiptNo);
    }

    [Fact]
    public void A_successor_not_competent_for_a_dossiers_procedure_is_refused_by_the_hand_over_rule()
    {
        // A land registration branch split into a land branch and a justice agency: land dossiers go to the land branch only.
        var split = new UnitSplit("DD", ["DD1", "TP"], SplitDay);
        var registry = Apply(
        [
            new UnitEstablished("P", "Tỉnh P", UnitLevel.Province, null, Founded),
            new UnitEstablished("DD", "Chi nhánh VPĐKĐĐ", UnitLevel.Province, "P", Founded, UnitKind.Agency, "dat-dai"),
            new UnitEstablished("DD1", "Chi nhánh VPĐKĐĐ 1", UnitLevel.Province, "P", SplitDay, UnitKind.Agency, "dat-dai"),
            new UnitEstablished("TP", "Sở Tư pháp", UnitLevel.Province, "P", SplitDay, UnitKind.Agency, "tu-phap"),
            split,
        ]);
        var land = Received(7, unit: "DD", procedure: ThreeWorkingDays with { Competence = new Competence(UnitLevel.Province, "dat-dai") });

        var refused = SplitAllocation.Decide(split, registry, [land], [To("TP", land)], ByDate, Now, "admin-1");
        var accepted = SplitAllocation.Decide(split, registry, [land], [To("DD1", land)], ByDate, Now, "admin-1");

        ShouldRefuse(refused, Jurisdiction.AuthorityNotCompetent, land.ReceiptNo);
        accepted.HandOvers.ShouldHaveSingleItem().HandedOver.ToUnitCode.ShouldBe("DD1");
    }

    [Fact]
    public void One_bad_line_among_good_ones_hands_nothing_over()
    {
        var outcome = Decide(Held, To("S1", Held[0]), To("S2", Held[1]), To("X", Held[2]));

        outcome.Violation.ShouldNotBeNull();
        outcome.HandOvers.ShouldBeEmpty();
    }
}

using DossierLedger.Domain.Units;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Domain.Tests.Units;

public class UnitRegistryTests
{
    private static readonly LocalDate Founded = new(2008, 1, 1);
    private static readonly LocalDate Reform = new(2025, 7, 1);

    /// <summary>Province P with district D over communes A, B and C, as before the reform.</summary>
    private static readonly IUnitEvent[] BeforeReform =
    [
        new UnitEstablished("P", "Tỉnh P", UnitLevel.Province, null, Founded),
        new UnitEstablished("D", "Huyện D", UnitLevel.District, "P", Founded),
        new UnitEstablished("A", "Xã A", UnitLevel.Commune, "D", Founded),
        new UnitEstablished("B", "Xã B", UnitLevel.Commune, "D", Founded),
        new UnitEstablished("C", "Xã C", UnitLevel.Commune, "D", Founded),
    ];

    /// <summary>The 2025 reform: A and B merge into the new commune N, C comes directly under P, D is abolished.</summary>
    private static readonly IUnitEvent[] TheReform =
    [
        new UnitEstablished("N", "Xã N", UnitLevel.Commune, "P", Reform),
        new UnitsMerged("N", ["A", "B"], Reform),
        new UnitMoved("C", "P", Reform),
        new UnitDissolved("D", Reform),
    ];

    private static UnitRegistry Reformed()
    {
        var outcome = UnitRegistry.Fold(BeforeReform).Apply(TheReform);
        outcome.Violation.ShouldBeNull();
        return outcome.Registry;
    }

    private static string Covered(UnitRegistry registry, string code, string from, string to) =>
        string.Join(",", registry.Coverage(code, LocalDatePattern.Iso.Parse(from).Value, LocalDatePattern.Iso.Parse(to).Value).Order(StringComparer.Ordinal));

    [Fact]
    public void A_unit_s_address_holds_from_its_day_and_a_new_one_must_come_after_the_last()
    {
        var registry = UnitRegistry.Fold([
            new UnitEstablished("P", "Tỉnh P", UnitLevel.Province, null, Founded),
            new UnitEstablished("A", "Xã A", UnitLevel.Commune, "P", Founded, Address: "Thôn 1, xã A"),
            new UnitEstablished("B", "Xã B", UnitLevel.Commune, "P", Founded),
        ]);

        var moved = registry.Apply([new UnitAddressChanged("A", "Thôn 2, xã A", Reform), new UnitAddressChanged("B", "Thôn 5, xã B", Reform)]);

        moved.Accepted.ShouldBeTrue();
        var a = moved.Registry.Find("A")!;
        a.AddressOn(Founded.PlusDays(-1)).ShouldBeNull();
        a.AddressOn(Reform.PlusDays(-1)).ShouldBe("Thôn 1, xã A");
        a.AddressOn(Reform).ShouldBe("Thôn 2, xã A");
        moved.Registry.Find("B")!.AddressOn(Founded).ShouldBeNull();
        moved.Registry.Check(new UnitAddressChanged("A", "Thôn 3, xã A", Reform))!.Rule.ShouldBe("change-out-of-order");
        moved.Registry.Check(new UnitAddressChanged("Z", "Thôn 1", Reform))!.Rule.ShouldBe("unit-unknown");
    }

    [Fact]
    public void Every_change_of_the_reform_passes_the_rules_in_order()
    {
        var registry = Reformed();

        registry.Find("A")!.EndedOn.ShouldBe(Reform);
        registry.Find("A")!.SuccessorCode.ShouldBe("N");
        registry.Find("N")!.Predecessors.ShouldBe(["A", "B"]);
        registry.Find("C")!.ParentOn(Reform.PlusDays(-1)).ShouldBe("D");
        registry.Find("C")!.ParentOn(Reform).ShouldBe("P");
        registry.Find("D")!.IsActiveOn(Reform).ShouldBeFalse();
        registry.Find("D")!.IsActiveOn(Reform.PlusDays(-1)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("N", "2025-01-01", "2025-12-31", "A,B,N")] // spanning the merger: its predecessors' history too
    [InlineData("N", "2025-07-01", "2025-09-30", "A,B,N")] // after it: the predecessors' pending dossiers carried over
    [InlineData("A", "2025-01-01", "2025-06-30", "A")] // an old report is what it was
    [InlineData("D", "2025-01-01", "2025-06-30", "A,B,C,D")]
    [InlineData("P", "2025-01-01", "2025-06-30", "A,B,C,D,P")]
    [InlineData("P", "2025-07-01", "2025-09-30", "A,B,C,N,P")] // C now directly under P; D gone
    [InlineData("P", "2024-01-01", "2024-12-31", "A,B,C,D,P")]
    [InlineData("UNREGISTERED", "2025-01-01", "2025-12-31", "UNREGISTERED")]
    public void A_report_covers_the_unit_its_predecessors_and_what_sat_under_it_in_the_range(string code, string from, string to, string expected) =>
        Covered(Reformed(), code, from, to).ShouldBe(expected);

    [Fact]
    public void A_commune_moved_between_provinces_counts_in_each_only_for_ranges_touching_its_time_there()
    {
        var registry = UnitRegistry.Fold(
        [
            .. BeforeReform,
            new UnitEstablished("Q", "Tỉnh Q", UnitLevel.Province, null, Founded),
            new UnitMoved("C", "Q", Reform),
        ]);

        Covered(registry, "Q", "2025-01-01", "2025-06-30").ShouldBe("Q");
        Covered(registry, "Q", "2025-07-01", "2025-07-31").ShouldBe("C,Q");
        Covered(registry, "D", "2025-07-01", "2025-07-31").ShouldBe("A,B,D");
    }

    [Fact]
    public void Whoever_acts_for_a_province_acts_for_everything_it_ever_held()
    {
        Reformed().Scope(["P"]).Order(StringComparer.Ordinal).ShouldBe(["A", "B", "C", "D", "N", "P"]);
        Reformed().Scope(["N"]).Order(StringComparer.Ordinal).ShouldBe(["A", "B", "N"]);
        Reformed().Scope(["C"]).ShouldBe(["C"]);
    }

    [Fact]
    public void A_merged_or_dissolved_unit_receives_nothing_from_the_day_it_ended()
    {
        var registry = Reformed();

        registry.CheckReceiving("A", Reform.PlusDays(-1)).ShouldBeNull();
        var merged = registry.CheckReceiving("A", Reform)!;
        merged.Rule.ShouldBe("unit-dissolved");
        merged.Detail.ShouldContain("merged into N");
        registry.CheckReceiving("D", Reform)!.Rule.ShouldBe("unit-dissolved");
        registry.CheckReceiving("N", Reform.PlusDays(-1))!.Rule.ShouldBe("unit-not-established");
        registry.CheckReceiving("N", Reform).ShouldBeNull();
        registry.CheckReceiving("UNREGISTERED", Reform).ShouldBeNull();
    }

    public static TheoryData<string, IUnitEvent, string> BrokenRules => new()
    {
        { "twice", new UnitEstablished("A", "Xã A", UnitLevel.Commune, "D", Reform), "unit-exists" },
        { "unknown parent", new UnitEstablished("X", "Xã X", UnitLevel.Commune, "NOWHERE", Reform), "parent-unknown" },
        { "parent not yet there", new UnitEstablished("X", "Xã X", UnitLevel.Commune, "D", Founded.PlusDays(-1)), "parent-not-active" },
        { "province under a district", new UnitEstablished("X", "Tỉnh X", UnitLevel.Province, "D", Reform), "parent-level" },
        { "commune under a commune", new UnitMoved("C", "A", Reform), "parent-level" },
        { "move of an unknown unit", new UnitMoved("X", "P", Reform), "unit-unknown" },
        { "move before the unit existed", new UnitMoved("C", "P", Founded.PlusDays(-1)), "unit-not-active" },
        { "change on its founding day", new UnitMoved("C", "P", Founded), "change-out-of-order" },
        { "district dissolved with communes under it", new UnitDissolved("D", Reform), "unit-has-children" },
        { "merger of nothing", new UnitsMerged("A", [], Reform), "no-predecessors" },
        { "merger into itself", new UnitsMerged("A", ["A", "B"], Reform), "predecessor-repeated" },
        { "merger naming a unit twice", new UnitsMerged("A", ["B", "B"], Reform), "predecessor-repeated" },
        { "merger across levels", new UnitsMerged("A", ["D"], Reform), "unit-has-children" },
        { "merger of an unknown unit", new UnitsMerged("A", ["X"], Reform), "unit-unknown" },
        { "agency without a sector", new UnitEstablished("S", "Sở S", UnitLevel.Province, "P", Reform, UnitKind.Agency), "sector-required" },
        { "commune with a sector", new UnitEstablished("X", "Xã X", UnitLevel.Commune, "D", Reform, Sector: "dat-dai"), "sector-not-applicable" },
        { "centre at the top", new UnitEstablished("T", "Trung tâm T", UnitLevel.Province, null, Reform, UnitKind.ServiceCentre), "parent-required" },
        { "provincial agency under a district", new UnitEstablished("S", "Sở S", UnitLevel.Province, "D", Reform, UnitKind.Agency, "tu-phap"), "parent-level" },
        { "split into nothing", new UnitSplit("A", [], Reform), "no-successors" },
        { "split into itself", new UnitSplit("A", ["A", "B"], Reform), "successor-repeated" },
        { "split naming a unit twice", new UnitSplit("A", ["B", "B"], Reform), "successor-repeated" },
        { "split into an unknown unit", new UnitSplit("A", ["B", "X"], Reform), "unit-unknown" },
        { "split of a district with communes under it", new UnitSplit("D", ["P"], Reform), "unit-has-children" },
        { "split into another level", new UnitSplit("A", ["D"], Reform), "level-mismatch" },
        { "split of an unknown unit", new UnitSplit("X", ["A"], Reform), "unit-unknown" },
        { "commune centre under a district", new UnitEstablished("T", "Trung tâm T", UnitLevel.Commune, "D", Reform, UnitKind.ServiceCentre), "parent-level" },
    };

    [Fact]
    public void Agencies_and_centres_sit_under_the_administrative_unit_of_their_level_and_count_in_its_coverage()
    {
        var outcome = UnitRegistry.Fold(BeforeReform).Apply(
        [
            new UnitEstablished("S", "Sở Tư pháp", UnitLevel.Province, "P", Reform, UnitKind.Agency, "tu-phap"),
            new UnitEstablished("T", "Trung tâm PVHCC", UnitLevel.Province, "P", Reform, UnitKind.ServiceCentre),
        ]);

        outcome.Violation.ShouldBeNull();
        var registry = outcome.Registry;
        registry.Find("S")!.Kind.ShouldBe(UnitKind.Agency);
        registry.Find("S")!.Sector.ShouldBe("tu-phap");
        Covered(registry, "P", "2025-07-01", "2025-12-31").ShouldBe("A,B,C,D,P,S,T");
        registry.Check(new UnitEstablished("X", "Xã X", UnitLevel.Commune, "S", Reform.PlusDays(1)))!.Rule.ShouldBe("parent-kind");
        registry.Check(new UnitsMerged("S", ["T"], Reform.PlusDays(1)))!.Rule.ShouldBe("level-mismatch");
        registry.ProvinceOf("S", Reform).ShouldBe("P");
        registry.ProvinceOf("A", Reform).ShouldBe("P"); // through its district
        registry.ProvinceOf("P", Reform).ShouldBe("P");
        registry.ProvinceOf("UNREGISTERED", Reform).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void A_change_that_breaks_a_rule_is_refused_with_the_rule_named(string _, IUnitEvent change, string rule) =>
        UnitRegistry.Fold(BeforeReform).Check(change)!.Rule.ShouldBe(rule);

    [Fact]
    public void Merging_units_of_different_levels_is_refused()
    {
        var registry = UnitRegistry.Fold([.. BeforeReform, new UnitEstablished("E", "Huyện E", UnitLevel.District, "P", Founded)]);

        registry.Check(new UnitsMerged("A", ["E"], Reform))!.Rule.ShouldBe("level-mismatch");
        registry.Check(new UnitsMerged("D", ["E"], Reform)).ShouldBeNull();
    }

    [Fact]
    public void A_batch_stops_at_its_first_broken_change_and_leaves_the_registry_as_it_was()
    {
        var before = UnitRegistry.Fold(BeforeReform);

        // Dissolving D before C has moved: the batch's order matters.
        var outcome = before.Apply([new UnitEstablished("N", "Xã N", UnitLevel.Commune, "P", Reform), new UnitDissolved("D", Reform), new UnitMoved("C", "P", Reform)]);

        outcome.Accepted.ShouldBeFalse();
        outcome.RejectedIndex.ShouldBe(1);
        outcome.Violation!.Rule.ShouldBe("unit-has-children");
        outcome.Registry.ShouldBeSameAs(before);
        outcome.Registry.Find("N").ShouldBeNull();
    }

    [Fact]
    public void A_split_unit_ends_and_takes_no_more_dossiers_while_its_successors_keep_only_their_own_history()
    {
        var outcome = UnitRegistry.Fold(BeforeReform).Apply(
        [
            new UnitEstablished("N", "Xã N", UnitLevel.Commune, "D", Reform),
            new UnitSplit("A", ["N", "B"], Reform),
        ]);

        outcome.Violation.ShouldBeNull();
        var registry = outcome.Registry;
        registry.Find("A")!.EndedOn.ShouldBe(Reform);
        registry.Find("A")!.SplitInto.ShouldBe(["N", "B"]);
        registry.Find("A")!.SuccessorCode.ShouldBeNull();
        registry.Find("N")!.SplitFrom.ShouldBe(["A"]);
        registry.Find("B")!.SplitFrom.ShouldBe(["A"]);
        registry.CheckReceiving("A", Reform)!.Detail.ShouldContain("split into N, B");
        registry.Check(new UnitSplit("B", ["A"], Reform.PlusDays(1)))!.Rule.ShouldBe("unit-not-active");
        // Even dated before the split: its pending dossiers were allocated when the split was recorded.
        Jurisdiction.CheckHandOver(registry, null, "A", Reform.PlusDays(-1))!.Rule.ShouldBe(Jurisdiction.UnitSplit);
        Jurisdiction.CheckHandOver(registry, null, "N", Reform).ShouldBeNull();
        // No successor's report counts A's history: each counts the dossiers handed over to it.
        Covered(registry, "N", "2025-01-01", "2025-12-31").ShouldBe("N");
        Covered(registry, "B", "2025-01-01", "2025-12-31").ShouldBe("B");
        Covered(registry, "D", "2025-01-01", "2025-12-31").ShouldBe("A,B,C,D,N");
    }
}

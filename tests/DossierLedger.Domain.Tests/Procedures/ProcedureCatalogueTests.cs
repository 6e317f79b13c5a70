using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Tests.Procedures;

public class ProcedureCatalogueTests
{
    private const string Code = "1.004873";

    private static readonly Instant July2025 = Instant.FromUtc(2025, 6, 30, 17, 0); // 2025-07-01 00:00 +07:00
    private static readonly Instant January2026 = Instant.FromUtc(2025, 12, 31, 17, 0); // 2026-01-01 00:00 +07:00

    private static Procedure Procedure(string code, TimeLimit limit, string field = "HT", decimal fee = 0m) =>
        new(code, "Cấp Giấy xác nhận tình trạng hôn nhân", field, field == "HT" ? "Hộ tịch" : "Chứng thực",
            limit, OnlineLevel.Full, fee, false);

    private static readonly Procedure ThreeDays = Procedure(Code, new TimeLimit(3, TimeLimitUnit.WorkingDays));
    private static readonly Procedure FiveDays = Procedure(Code, new TimeLimit(5, TimeLimitUnit.WorkingDays));
    private static readonly Procedure SameDay = Procedure(Code, new TimeLimit(0, TimeLimitUnit.SameDay, 15));

    /// <summary>Three versions of <see cref="Code"/>: 3 working days, 5 from July 2025, same day from 2026; and a certification procedure.</summary>
    private static ProcedureCatalogue ThreeVersions() => new(
    [
        new ProcedureVersion(ThreeDays, 1, ProcedureCatalogue.ShippedEffectiveFrom),
        new ProcedureVersion(FiveDays, 2, July2025),
        new ProcedureVersion(SameDay, 3, January2026),
        new ProcedureVersion(Procedure("2.000815", new TimeLimit(0, TimeLimitUnit.SameDay), "CT", 2000m), 1, ProcedureCatalogue.ShippedEffectiveFrom),
    ]);

    [Fact]
    public void Shipped_procedures_are_version_1_in_force_from_2000()
    {
        var catalogue = new ProcedureCatalogue([ThreeDays]);

        var version = catalogue.LatestVersion(Code).ShouldNotBeNull();
        version.Version.ShouldBe(1);
        version.EffectiveFrom.ShouldBe(Instant.FromUtc(1999, 12, 31, 17, 0));
        version.EffectiveFrom.InZone(WorkingTimeCalendar.Vietnam.Zone).LocalDateTime.ShouldBe(new LocalDateTime(2000, 1, 1, 0, 0));
        catalogue.Find(Code).ShouldBe(ThreeDays);
        catalogue.FindAt(Code, Instant.FromUtc(2025, 4, 1, 1, 0)).ShouldBe(ThreeDays);
    }

    [Fact]
    public void FindAt_gives_the_version_in_force_at_the_instant()
    {
        var catalogue = ThreeVersions();

        catalogue.FindAt(Code, Instant.FromUtc(2024, 5, 1, 2, 0)).ShouldBe(ThreeDays);
        catalogue.FindAt(Code, July2025 - Duration.FromTicks(1)).ShouldBe(ThreeDays);
        catalogue.FindAt(Code, July2025).ShouldBe(FiveDays);
        catalogue.FindAt(Code, Instant.FromUtc(2025, 9, 15, 3, 0)).ShouldBe(FiveDays);
        catalogue.FindAt(Code, January2026 - Duration.FromTicks(1)).ShouldBe(FiveDays);
        catalogue.FindAt(Code, January2026).ShouldBe(SameDay);
        catalogue.FindAt(Code, Instant.FromUtc(2030, 1, 1, 0, 0)).ShouldBe(SameDay);

        catalogue.VersionAt(Code, July2025).ShouldNotBeNull().Version.ShouldBe(2);
        catalogue.VersionAt(Code, January2026).ShouldNotBeNull().Version.ShouldBe(3);
    }

    [Fact]
    public void FindAt_is_null_before_the_first_version_and_for_unknown_codes()
    {
        var catalogue = ThreeVersions();

        catalogue.FindAt(Code, ProcedureCatalogue.ShippedEffectiveFrom - Duration.FromSeconds(1)).ShouldBeNull();
        catalogue.FindAt("9.999999", January2026).ShouldBeNull();
        catalogue.Find("9.999999").ShouldBeNull();
        catalogue.Versions("9.999999").ShouldBeEmpty();
    }

    [Fact]
    public void Find_gives_the_latest_version_even_before_it_takes_effect()
    {
        var catalogue = ThreeVersions();

        catalogue.Find(Code).ShouldBe(SameDay);
        catalogue.LatestVersion(Code).ShouldNotBeNull().Version.ShouldBe(3);
        catalogue.Versions(Code).Select(v => v.Version).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void All_lists_the_latest_version_of_each_procedure_by_field_and_code()
    {
        var catalogue = ThreeVersions();

        catalogue.All.Select(p => p.Code).ShouldBe(["2.000815", Code]);
        catalogue.All[1].ShouldBe(SameDay);
        catalogue.AllVersions.Select(v => (v.Code, v.Version)).ShouldBe([("2.000815", 1), (Code, 1), (Code, 2), (Code, 3)]);
        catalogue.VersionsAt(Instant.FromUtc(2025, 9, 15, 3, 0)).Select(v => (v.Code, v.Version)).ShouldBe([("2.000815", 1), (Code, 2)]);
        catalogue.Fields.ShouldBe(new Dictionary<string, string> { ["CT"] = "Chứng thực", ["HT"] = "Hộ tịch" }, ignoreOrder: true);
    }

    [Fact]
    public void VersionsAt_leaves_out_procedures_that_do_not_exist_yet()
    {
        var catalogue = ThreeVersions();
        catalogue.Publish(new ProcedureVersion(Procedure("9.000001", new TimeLimit(2, TimeLimitUnit.WorkingDays)), 1, July2025));

        catalogue.VersionsAt(July2025 - Duration.FromSeconds(1)).Select(v => v.Code).ShouldNotContain("9.000001");
        catalogue.VersionsAt(July2025).Select(v => v.Code).ShouldContain("9.000001");
    }

    [Fact]
    public void Propose_numbers_the_next_version_and_changes_nothing()
    {
        var catalogue = new ProcedureCatalogue([ThreeDays]);

        var decision = catalogue.Propose(FiveDays, July2025);

        decision.Violation.ShouldBeNull();
        decision.Version.ShouldBe(new ProcedureVersion(FiveDays, 2, July2025));
        catalogue.Find(Code).ShouldBe(ThreeDays);
        catalogue.Propose(Procedure("9.000001", new TimeLimit(2, TimeLimitUnit.WorkingDays)), July2025)
            .Version.ShouldNotBeNull().Version.ShouldBe(1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Propose_rejects_a_version_not_taking_effect_after_the_latest(int secondsAfterLatest)
    {
        var catalogue = ThreeVersions();

        var decision = catalogue.Propose(ThreeDays, January2026 + Duration.FromSeconds(secondsAfterLatest));

        decision.Version.ShouldBeNull();
        decision.Violation.ShouldNotBeNull().Rule.ShouldBe(ProcedureRules.EffectiveFromNotAfterLatest);
        decision.Violation.Detail.ShouldContain(Code);
    }

    [Fact]
    public void Publishing_a_version_never_changes_what_earlier_instants_resolve_to()
    {
        var catalogue = new ProcedureCatalogue([ThreeDays]);
        var earlier = new[] { Instant.FromUtc(2021, 3, 1, 2, 0), Instant.FromUtc(2025, 4, 1, 1, 0), July2025 - Duration.FromTicks(1) };
        var before = earlier.Select(at => catalogue.FindAt(Code, at)).ToList();

        catalogue.Publish(catalogue.Propose(FiveDays, July2025).Version!);

        earlier.Select(at => catalogue.FindAt(Code, at)).ShouldBe(before);
        catalogue.FindAt(Code, July2025).ShouldBe(FiveDays);
        catalogue.Find(Code).ShouldBe(FiveDays);
    }

    [Fact]
    public void A_dossier_keeps_the_deadline_of_the_version_in_force_at_its_receipt()
    {
        var catalogue = new ProcedureCatalogue([ThreeDays]);
        catalogue.Publish(new ProcedureVersion(FiveDays, 2, July2025));
        var decider = new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
        var beforeChange = Instant.FromUtc(2025, 6, 23, 1, 0); // Monday 23/6/2025 08:00 +07:00
        var afterChange = Instant.FromUtc(2025, 7, 7, 1, 0); // Monday 7/7/2025 08:00 +07:00

        Instant DueOf(Instant receivedAt)
        {
            var procedure = catalogue.FindAt(Code, receivedAt).ShouldNotBeNull();
            var request = new ReceiveDossier(Guid.NewGuid(), "KP-1", "KP", procedure, Channel.Direct, receivedAt, null);
            return decider.Decide(null, request, Instant.FromUtc(2026, 1, 1, 0, 0)).Events.OfType<DossierReceived>().Single().DueAt;
        }

        var calendar = WorkingTimeCalendar.Vietnam;
        DueOf(beforeChange).ShouldBe(calendar.DueAt(beforeChange, ThreeDays.TimeLimit));
        DueOf(afterChange).ShouldBe(calendar.DueAt(afterChange, FiveDays.TimeLimit));
        DueOf(afterChange).ShouldNotBe(calendar.DueAt(afterChange, ThreeDays.TimeLimit));
    }

    [Fact]
    public void Publish_rejects_a_version_out_of_sequence_or_order()
    {
        var catalogue = ThreeVersions();

        Should.Throw<InvalidOperationException>(() => catalogue.Publish(new ProcedureVersion(ThreeDays, 3, Instant.FromUtc(2027, 1, 1, 0, 0))));
        Should.Throw<InvalidOperationException>(() => catalogue.Publish(new ProcedureVersion(FiveDays, 1, ProcedureCatalogue.ShippedEffectiveFrom)));
        Should.Throw<InvalidOperationException>(() => catalogue.Publish(new ProcedureVersion(ThreeDays, 5, Instant.FromUtc(2027, 1, 1, 0, 0))));
        Should.Throw<InvalidOperationException>(() => catalogue.Publish(new ProcedureVersion(ThreeDays, 4, January2026)));
        Should.Throw<InvalidOperationException>(() => catalogue.Publish(new ProcedureVersion(Procedure("9.000001", ThreeDays.TimeLimit), 2, July2025)));
        catalogue.Versions(Code).Count.ShouldBe(3);
        catalogue.Find("9.000001").ShouldBeNull();
    }

    [Fact]
    public void Publishing_a_version_already_held_changes_nothing()
    {
        var catalogue = ThreeVersions();

        catalogue.Publish(new ProcedureVersion(FiveDays, 2, July2025)).ShouldBeFalse();
        catalogue.Publish(new ProcedureVersion(ThreeDays, 1, ProcedureCatalogue.ShippedEffectiveFrom)).ShouldBeFalse();
        catalogue.Publish(new ProcedureVersion(ThreeDays, 4, Instant.FromUtc(2027, 1, 1, 0, 0))).ShouldBeTrue();

        catalogue.Versions(Code).Select(v => v.Version).ShouldBe([1, 2, 3, 4]);
    }

    [Fact]
    public void The_constructor_rejects_inconsistent_versions()
    {
        Should.Throw<ArgumentException>(() => new ProcedureCatalogue([ThreeDays, ThreeDays]));
        Should.Throw<ArgumentException>(() => new ProcedureCatalogue(
            [new ProcedureVersion(ThreeDays, 1, ProcedureCatalogue.ShippedEffectiveFrom), new ProcedureVersion(FiveDays, 3, July2025)]));
        Should.Throw<ArgumentException>(() => new ProcedureCatalogue(
            [new ProcedureVersion(ThreeDays, 1, July2025), new ProcedureVersion(FiveDays, 2, July2025)]));
        Should.Throw<ArgumentException>(() => new ProcedureCatalogue([new ProcedureVersion(FiveDays, 2, July2025)]));
    }

    [Fact]
    public void Readers_see_whole_versions_while_others_are_published()
    {
        var catalogue = new ProcedureCatalogue([ThreeDays]);
        var codes = Enumerable.Range(1, 200).Select(i => $"9.{i:D6}").ToList();

        Parallel.Invoke(
            () => Parallel.ForEach(codes, code =>
            {
                catalogue.Publish(new ProcedureVersion(Procedure(code, ThreeDays.TimeLimit), 1, July2025));
                catalogue.Publish(new ProcedureVersion(Procedure(code, FiveDays.TimeLimit), 2, January2026));
            }),
            () =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    foreach (var version in catalogue.LatestVersions)
                    {
                        catalogue.Versions(version.Code).Count.ShouldBeGreaterThanOrEqualTo(version.Version);
                    }
                }
            });

        catalogue.All.Count.ShouldBe(201);
        codes.ShouldAllBe(code => catalogue.Find(code)!.TimeLimit.Amount == 5);
    }
}

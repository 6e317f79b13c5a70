using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>Handing a dossier over to another competent authority: who may take it, and what carries over.</summary>
public class HandOverTests
{
    private static readonly LocalDate Founded = new(2025, 1, 1);

    /// <summary>Province P with communes XA-01 (the reference dossier's authority) and XA-02, a land agency, a centre.</summary>
    private static readonly UnitRegistry Registry = UnitRegistry.Fold(
    [
        new UnitEstablished("P", "Tỉnh P", UnitLevel.Province, null, Founded),
        new UnitEstablished("UBND-XA-01", "Xã 1", UnitLevel.Commune, "P", Founded),
        new UnitEstablished(OtherAuthority, "Xã 2", UnitLevel.Commune, "P", Founded),
        new UnitEstablished("DD", "Chi nhánh VPĐKĐĐ", UnitLevel.Province, "P", Founded, UnitKind.Agency, "dat-dai"),
        new UnitEstablished("TT", "Trung tâm PVHCC", UnitLevel.Province, "P", Founded, UnitKind.ServiceCentre),
        new UnitEstablished("XA-03", "Xã 3", UnitLevel.Commune, "P", Founded),
        new UnitDissolved("XA-03", new LocalDate(2025, 3, 1)),
    ]);

    private static readonly Procedure CommuneProcedure = ThreeWorkingDays with { Competence = new Competence(UnitLevel.Commune) };

    private static Dossier OpenCommuneDossier() =>
        Dossier.Fold(Accepted(ByDate.Decide(null, Request(CommuneProcedure, ReceivedAt), ReceivedAt)));

    private static HandOverDossier To(string unit, string at = "2025-03-11T10:00") =>
        new(At(at), unit, "không thuộc thẩm quyền", "cán bộ C", Registry);

    [Fact]
    public void The_new_authority_holds_the_dossier_and_the_clock_carries_over()
    {
        var open = OpenCommuneDossier();

        var handedOver = ByDate.Decide(open, To(OtherAuthority), Later).ShouldAcceptOne<DossierHandedOver>();
        var after = open.Evolve(handedOver);

        handedOver.ShouldBe(new DossierHandedOver(DossierId, At("2025-03-11T10:00"), "UBND-XA-01", OtherAuthority, "không thuộc thẩm quyền", "cán bộ C"));
        after.AuthorityCode.ShouldBe(OtherAuthority);
        after.UnitCode.ShouldBe("UBND-XA-01"); // the receipt number stays the first authority's
        after.DueAt.ShouldBe(open.DueAt);
        after.Status.ShouldBe(open.Status);
        after.HandOvers.ShouldHaveSingleItem().AsHandedOver.ShouldBe(open);
        after.HandOvers[0].FromUnitCode.ShouldBe("UBND-XA-01");
    }

    [Fact]
    public void A_paused_dossier_stays_paused_with_its_remaining_time()
    {
        var open = OpenCommuneDossier();
        var paused = open.Then(ByDate.Decide(open, new RequestSupplement(At("2025-03-11T09:00"), "Bản sao CCCD"), Later));

        var after = paused.Then(ByDate.Decide(paused, To(OtherAuthority), Later));

        after.IsPausedInTime.ShouldBeTrue();
        after.RemainingAtPause.ShouldBe(paused.RemainingAtPause);
        after.Then(ByDate.Decide(after, new ReceiveSupplement(At("2025-03-12T08:00")), Later)).DueAt
            .ShouldBe(paused.Then(ByDate.Decide(paused, new ReceiveSupplement(At("2025-03-12T08:00")), Later)).DueAt);
    }

    [Theory]
    [InlineData("UBND-XA-01", DossierRules.HandOverToCurrentAuthority)]
    [InlineData("DD", Jurisdiction.AuthorityNotCompetent)] // a commune procedure to the land agency
    [InlineData("TT", Jurisdiction.UnitCannotResolve)]
    [InlineData("XA-03", "unit-dissolved")]
    public void A_hand_over_to_an_authority_that_cannot_take_it_names_the_rule(string to, string rule) =>
        ByDate.Decide(OpenCommuneDossier(), To(to), Later).ShouldReject(rule);

    [Fact]
    public void A_closed_or_away_dossier_is_not_handed_over()
    {
        var open = OpenCommuneDossier();
        var resolved = open.Then(ByDate.Decide(open, new ResolveDossier(At("2025-03-11T09:00")), Later));
        var away = open.Then(ByDate.Decide(open, new TransferDossier(At("2025-03-11T09:00"), OtherAgency), Later));

        ByDate.Decide(resolved, To(OtherAuthority), Later).ShouldReject(DossierRules.DossierClosed);
        ByDate.Decide(away, To(OtherAuthority), Later).ShouldReject(DossierRules.TransferPending);
    }

    [Fact]
    public void A_second_hand_over_goes_from_the_authority_holding_it_and_a_channel_correction_reaches_every_holder()
    {
        var open = OpenCommuneDossier();
        var once = open.Then(ByDate.Decide(open, To(OtherAuthority), Later));

        var twice = once.Then(ByDate.Decide(once, To("UBND-XA-01", "2025-03-12T10:00"), Later));
        twice.HandOvers.Select(h => (h.FromUnitCode, h.ToUnitCode)).ShouldBe([("UBND-XA-01", OtherAuthority), (OtherAuthority, "UBND-XA-01")]);

        var corrected = twice.Evolve(new ChannelCorrected(DossierId, At("2025-03-12T11:00"), Guid.NewGuid(), Channel.Online, "nhập sai"));
        corrected.HandOvers.ShouldAllBe(h => h.AsHandedOver.Channel == Channel.Online);
    }
}

using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Domain.Tests.Units;

public class JurisdictionTests
{
    private static readonly LocalDate Reform = new(2025, 7, 1);
    private static readonly Competence Commune = new(UnitLevel.Commune);
    private static readonly Competence Land = new(UnitLevel.Province, "dat-dai");

    /// <summary>Province P (commune A, land agency S, centre T, commune centre K under A) and province Q (commune X).</summary>
    private static readonly UnitRegistry Registry = UnitRegistry.Fold(
    [
        new UnitEstablished("P", "Tỉnh P", UnitLevel.Province, null, Reform),
        new UnitEstablished("A", "Xã A", UnitLevel.Commune, "P", Reform),
        new UnitEstablished("S", "Chi nhánh VPĐKĐĐ", UnitLevel.Province, "P", Reform, UnitKind.Agency, "dat-dai"),
        new UnitEstablished("T", "Trung tâm PVHCC tỉnh P", UnitLevel.Province, "P", Reform, UnitKind.ServiceCentre),
        new UnitEstablished("K", "Điểm tiếp nhận xã A", UnitLevel.Commune, "A", Reform, UnitKind.ServiceCentre),
        new UnitEstablished("Q", "Tỉnh Q", UnitLevel.Province, null, Reform),
        new UnitEstablished("X", "Xã X", UnitLevel.Commune, "Q", Reform),
        new UnitDissolved("X", Reform.PlusDays(30)),
    ]);

    [Theory]
    [InlineData("S", "T", "land")] // the provincial centre for the land agency
    [InlineData("A", "T", "commune")] // the provincial centre for a commune
    [InlineData("A", "K", "commune")] // the commune's own centre
    [InlineData("S", "K", "land")] // a commune centre receives for the province's agency too
    [InlineData("A", "A", "commune")] // the commune at its own desk
    [InlineData("S", "S", "land")] // the agency at its own desk
    [InlineData("A", "T", "none")] // the catalogue names no competence
    [InlineData("ELSEWHERE", "T", "commune")] // the registry does not know the authority
    public void A_receipt_within_jurisdiction_is_accepted(string authority, string receiving, string competence) =>
        Jurisdiction.CheckReceipt(Registry, Of(competence), authority, receiving, Reform).ShouldBeNull();

    [Theory]
    [InlineData("A", "T", "land", Jurisdiction.AuthorityNotCompetent)]
    [InlineData("S", "T", "commune", Jurisdiction.AuthorityNotCompetent)]
    [InlineData("P", "T", "commune", Jurisdiction.AuthorityNotCompetent)] // the province is not a commune
    [InlineData("T", "T", "commune", Jurisdiction.UnitCannotResolve)]
    [InlineData("T", "T", "none", Jurisdiction.UnitCannotResolve)]
    [InlineData("A", "S", "commune", Jurisdiction.UnitCannotReceiveForOthers)]
    [InlineData("X", "T", "commune", Jurisdiction.CentreOutsideProvince)]
    public void A_receipt_outside_jurisdiction_names_the_rule(string authority, string receiving, string competence, string rule) =>
        Jurisdiction.CheckReceipt(Registry, Of(competence), authority, receiving, Reform).ShouldNotBeNull().Rule.ShouldBe(rule);

    [Fact]
    public void Units_that_do_not_operate_that_day_are_refused_first()
    {
        Jurisdiction.CheckReceipt(Registry, Commune, "X", "X", Reform.PlusDays(30))!.Rule.ShouldBe("unit-dissolved");
        Jurisdiction.CheckReceipt(Registry, Commune, "A", "T", Reform.PlusDays(-1))!.Rule.ShouldBe("unit-not-established");
        Jurisdiction.CheckReceipt(Registry, Commune, "X", "T", Reform.PlusDays(30))!.Rule.ShouldBe("unit-dissolved");
    }

    private static Competence? Of(string name) => name switch
    {
        "land" => Land,
        "commune" => Commune,
        "none" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a competence of this test."),
    };
}

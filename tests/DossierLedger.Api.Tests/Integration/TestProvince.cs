using System.Net;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// A province under the 2025 regime, registered afresh for one test: province P with communes A, B and C, the land
/// agency S and the service centre T; province Q with commune X; and the land procedure only S is competent for,
/// all from <c>effectiveFrom</c>.
/// </summary>
internal sealed record TestProvince(string P, string A, string B, string C, string S, string T, string Q, string X, string LandProcedure)
{
    /// <summary>A commune-level procedure of the shipped catalogue.</summary>
    public const string CommuneProcedure = "1.004873";

    public static async Task<TestProvince> RegisterAsync(LedgerFixture ledger, string effectiveFrom = "2025-07-01")
    {
        var stem = LedgerFixture.NewUnit();
        var m = new TestProvince($"{stem}-P", $"{stem}-A", $"{stem}-B", $"{stem}-C", $"{stem}-S", $"{stem}-T", $"{stem}-Q", $"{stem}-X", $"{stem}-DD");
        var (status, body, _) = await ledger.PostAsync("/api/admin/units/changes", new
        {
            changes = new object[]
            {
                new { change = "establish", code = m.P, name = "Tỉnh P", level = "province", effectiveFrom },
                new { change = "establish", code = m.A, name = "Xã A", level = "commune", parentCode = m.P, effectiveFrom },
                new { change = "establish", code = m.B, name = "Xã B", level = "commune", parentCode = m.P, effectiveFrom },
                new { change = "establish", code = m.C, name = "Xã C", level = "commune", parentCode = m.P, effectiveFrom },
                new { change = "establish", code = m.S, name = "Chi nhánh VPĐKĐĐ", level = "province", kind = "agency", sector = "dat-dai", parentCode = m.P, effectiveFrom },
                new { change = "establish", code = m.T, name = "Trung tâm PVHCC tỉnh P", level = "province", kind = "serviceCentre", parentCode = m.P, effectiveFrom },
                new { change = "establish", code = m.Q, name = "Tỉnh Q", level = "province", effectiveFrom },
                new { change = "establish", code = m.X, name = "Xã X", level = "commune", parentCode = m.Q, effectiveFrom },
            },
        });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("code").GetString() == m.S)
            .GetProperty("kind").GetString().ShouldBe("agency");

        var version = await ledger.PublishProcedureAsync(m.LandProcedure, effectiveFrom, new { level = "province", sector = "dat-dai" });
        version.GetProperty("competence").GetProperty("sector").GetString().ShouldBe("dat-dai");
        return m;
    }
}

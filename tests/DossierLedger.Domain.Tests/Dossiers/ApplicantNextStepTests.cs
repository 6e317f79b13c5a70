using DossierLedger.Domain.Dossiers;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>What the public lookup tells an applicant to do, from where the dossier stands.</summary>
public class ApplicantNextStepTests
{
    private static Dossier After(Dossier dossier, DossierCommand command) => dossier.Then(ByDate.Decide(dossier, command, Later));

    [Fact]
    public void A_dossier_being_worked_on_asks_nothing_of_the_applicant()
    {
        ApplicantNextStep.Of(Open()).ShouldBe(new ApplicantNextStep(ApplicantAction.Wait));
        ApplicantNextStep.Of(After(Open(), new AssignDossier(At("2025-03-10T09:00"), "thẩm định", "cán bộ"))).Action.ShouldBe(ApplicantAction.Wait);
    }

    [Fact]
    public void A_supplement_request_names_what_to_bring_and_the_latest_request_wins()
    {
        var first = After(Open(), new RequestSupplement(At("2025-03-11T08:00"), "Bản sao CCCD"));
        ApplicantNextStep.Of(first).ShouldBe(new ApplicantNextStep(ApplicantAction.BringSupplement, SupplementItems: "Bản sao CCCD"));

        var second = After(After(first, new ReceiveSupplement(At("2025-03-12T08:00"))), new RequestSupplement(At("2025-03-12T09:00"), "Giấy khai sinh"));
        ApplicantNextStep.Of(second).SupplementItems.ShouldBe("Giấy khai sinh");
        ApplicantNextStep.Of(After(second, new ReceiveSupplement(At("2025-03-12T10:00")))).Action.ShouldBe(ApplicantAction.Wait);
    }

    [Fact]
    public void A_fee_request_says_how_much()
    {
        ApplicantNextStep.Of(After(Open(), new RequestPayment(At("2025-03-11T08:00"), 50_000m, PausesClock: false)))
            .ShouldBe(new ApplicantNextStep(ApplicantAction.PayFee, Fee: 50_000m));
    }

    [Fact]
    public void A_resolved_dossier_waits_for_its_result_to_be_collected_and_then_asks_nothing()
    {
        var resolved = After(Open(), new ResolveDossier(At("2025-03-12T10:00")));
        ApplicantNextStep.Of(resolved).Action.ShouldBe(ApplicantAction.CollectResult);
        ApplicantNextStep.Of(After(resolved, new ReturnResult(At("2025-03-12T14:00"), ResultReturnMethod.Counter))).Action.ShouldBe(ApplicantAction.None);
    }

    [Fact]
    public void A_closed_dossier_asks_nothing()
    {
        ApplicantNextStep.Of(After(Open(), new WithdrawDossier(At("2025-03-11T08:00"), null))).Action.ShouldBe(ApplicantAction.None);
        ApplicantNextStep.Of(After(Open(), new StopDossier(At("2025-03-11T08:00"), "vi phạm"))).Action.ShouldBe(ApplicantAction.None);
        ApplicantNextStep.Of(Refused()).Action.ShouldBe(ApplicantAction.None);
    }

    [Fact]
    public void Every_status_has_a_vietnamese_name_and_a_next_step()
    {
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            status.VietnameseName().ShouldNotBeNullOrWhiteSpace();
            Should.NotThrow(() => ApplicantNextStep.Of(Open() with { Status = status }));
        }
    }
}

using DossierLedger.Domain.Dossiers;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>An apology is drafted, approved by a leader, then sent: only a sent, approved one counts.</summary>
public class ApologyApprovalTests
{
    // The kit's dossier is due Thursday 13/3/2025 at 08:00.
    private static readonly Instant NewAppointment = At("2025-03-17T17:00");

    private static Dossier Apply(Dossier state, DossierCommand command) => state.Then(ByDate.Decide(state, command, Later));

    private static Dossier Drafted() => Apply(Open(), new DraftApology(At("2025-03-11T09:00"), NewAppointment, "Cần xác minh thêm"));

    private static Dossier Approved() => Apply(Drafted(), new ApproveApology(At("2025-03-11T10:00")));

    [Fact]
    public void A_draft_counts_for_nothing_until_it_is_approved_and_sent()
    {
        var drafted = Drafted();
        drafted.PendingApology.ShouldBe(new ApologyDraft(NewAppointment, "Cần xác minh thêm", Approved: false));
        drafted.ApologyAppointmentAt.ShouldBeNull();

        ByDate.Decide(drafted, new IssueApology(At("2025-03-11T11:00"), null, null), Later).ShouldReject(DossierRules.ApologyNotApproved);
        ByDate.Decide(Open(), new IssueApology(At("2025-03-11T11:00"), NewAppointment, "x"), Later).ShouldReject(DossierRules.ApologyNotApproved);

        var sent = Apply(Approved(), new IssueApology(At("2025-03-11T11:00"), null, null));
        sent.ApologyAppointmentAt.ShouldBe(NewAppointment);
        sent.PendingApology.ShouldBeNull();
    }

    [Fact]
    public void What_is_sent_is_what_was_approved()
    {
        var approved = Approved();

        ByDate.Decide(approved, new IssueApology(At("2025-03-11T11:00"), NewAppointment.Plus(Duration.FromDays(1)), null), Later)
            .ShouldReject(DossierRules.ApologyNotApproved);
        ByDate.Decide(approved, new IssueApology(At("2025-03-11T11:00"), null, "Lý do khác"), Later).ShouldReject(DossierRules.ApologyNotApproved);
        ByDate.Decide(approved, new IssueApology(At("2025-03-11T11:00"), NewAppointment, "Cần xác minh thêm"), Later)
            .ShouldAcceptOne<ApologyIssued>().ShouldBe(new ApologyIssued(DossierId, At("2025-03-11T11:00"), NewAppointment, "Cần xác minh thêm"));
    }

    [Fact]
    public void A_new_draft_needs_a_new_approval()
    {
        var redrafted = Apply(Approved(), new DraftApology(At("2025-03-11T11:00"), NewAppointment.Plus(Duration.FromDays(2)), "Lý do mới"));

        redrafted.PendingApology!.Approved.ShouldBeFalse();
        ByDate.Decide(redrafted, new IssueApology(At("2025-03-11T12:00"), null, null), Later).ShouldReject(DossierRules.ApologyNotApproved);
    }

    [Fact]
    public void An_approval_needs_one_draft_not_yet_approved_and_still_before_the_due()
    {
        ByDate.Decide(Open(), new ApproveApology(At("2025-03-11T10:00")), Later).ShouldReject(DossierRules.NoApologyDraft);
        ByDate.Decide(Approved(), new ApproveApology(At("2025-03-11T11:00")), Later).ShouldReject(DossierRules.ApologyAlreadyApproved);
        ByDate.Decide(Drafted(), new ApproveApology(At("2025-03-13T08:00")), Later).ShouldReject(DossierRules.ApologyAfterDue);
        ByDate.Decide(Approved(), new IssueApology(At("2025-03-13T08:00"), null, null), Later).ShouldReject(DossierRules.ApologyAfterDue);
    }

    [Fact]
    public void Once_sent_no_other_apology_is_drafted()
    {
        var sent = Apply(Approved(), new IssueApology(At("2025-03-11T11:00"), null, null));

        ByDate.Decide(sent, new DraftApology(At("2025-03-11T12:00"), NewAppointment, "lần hai"), Later).ShouldReject(DossierRules.ApologyAlreadyIssued);
    }

    [Fact]
    public void An_imported_history_s_apology_is_recorded_as_sent_under_its_old_system()
    {
        var imported = ByDate.Decide(Open(), new IssueApology(At("2025-03-11T11:00"), NewAppointment, "quá tải", FromHistory: true), Later);

        imported.ShouldAcceptOne<ApologyIssued>().NewAppointmentAt.ShouldBe(NewAppointment);
        ByDate.Decide(Open(), new IssueApology(At("2025-03-13T08:00"), NewAppointment, "quá tải", FromHistory: true), Later)
            .ShouldReject(DossierRules.ApologyAfterDue);
    }
}

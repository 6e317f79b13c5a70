using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.NationalPortal;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.NationalPortal;

/// <summary>What the national portal is told of a dossier: its record, its history steps, and what is still due.</summary>
public class PortalFeedTests
{
    private static readonly DossierReceived Receipt = Received(At("2025-03-10T09:00"), At("2025-03-13T09:00"), Channel.Postal);
    private static readonly DossierAssigned Assignment = new(DossierId, At("2025-03-10T10:00"), "thẩm định", "nguyenvana", At("2025-03-11T10:00"));
    private static readonly DossierDigitized Digitization = new(DossierId, At("2025-03-10T10:30"), 1, ReusedData: true, ElectronicResult: false);
    private static readonly SupplementRequested SupplementRequest = new(DossierId, At("2025-03-10T11:00"), "Bản sao CCCD", Duration.FromHours(14));
    private static readonly SupplementReceived Supplement = new(DossierId, At("2025-03-11T08:00"), At("2025-03-13T15:00"));
    private static readonly FeedbackGiven Feedback = new(DossierId, At("2025-03-12T08:00"), FeedbackRating.Satisfied, null);
    private static readonly DossierResolved Resolution = new(DossierId, At("2025-03-12T09:00"), Timeliness.Early);
    private static readonly ResultReturned Return = new(DossierId, At("2025-03-12T15:00"), ResultReturnMethod.Postal);

    private static readonly IDossierEvent[] Stream = [Receipt, Assignment, Digitization, SupplementRequest, Supplement, Feedback, Resolution, Return];

    private static PortalHistory HistoryOf(params IDossierEvent[] events) =>
        PortalHistory.Of(events.Select((e, i) => ((long)i + 1, e)))!;

    [Fact]
    public void The_history_has_a_step_for_each_event_that_moves_the_dossier_and_none_for_digitization_or_feedback()
    {
        var steps = HistoryOf(Stream).Steps;

        steps.Select(s => s.Version).ShouldBe([1L, 2, 4, 5, 7, 8]);
        steps.Select(s => s.Status).ShouldBe([DossierStatus.Received, DossierStatus.InProcess, DossierStatus.AwaitingSupplement,
            DossierStatus.InProcess, DossierStatus.Resolved, DossierStatus.ResultReturned]);
        steps.Select(s => s.Content).ShouldBe(["Tiếp nhận hồ sơ", "Chuyển xử lý", "Yêu cầu bổ sung hồ sơ", "Tiếp nhận hồ sơ bổ sung",
            "Hoàn thành xử lý hồ sơ", "Trả kết quả giải quyết"]);
    }

    [Fact]
    public void Each_step_starts_when_the_one_before_it_happened_and_is_due_by_its_own_deadline_else_the_dossiers()
    {
        var steps = HistoryOf(Stream).Steps;

        steps[0].StartedAt.ShouldBe(Receipt.OccurredAt);
        steps[1].StartedAt.ShouldBe(Receipt.OccurredAt);
        steps[2].StartedAt.ShouldBe(Assignment.OccurredAt);
        steps[0].DueBy.ShouldBe(Receipt.DueAt);
        steps[1].DueBy.ShouldBe(Assignment.StepDueAt!.Value);
        steps[3].DueBy.ShouldBe(Assignment.StepDueAt!.Value, "the supplement moved the dossier's due, not the step's (none was given)");
    }

    [Fact]
    public void The_record_reads_the_dossier_as_it_stands()
    {
        var record = PortalRecord.Of(HistoryOf(Stream).Dossier);

        record.DossierNo.ShouldBe(Receipt.ReceiptNo);
        record.Status.ShouldBe(DossierStatus.ResultReturned);
        record.Channel.ShouldBe(Channel.Postal);
        record.AppointmentAt.ShouldBe(Supplement.NewDueAt);
        record.FinishedAt.ShouldBe(Resolution.OccurredAt);
        record.ResultReturnedAt.ShouldBe(Return.OccurredAt);
        record.ResultByPost.ShouldBeTrue();
        record.ComponentsDigitized.ShouldBe(1);
        record.ReusedData.ShouldBeTrue();
        record.RefusedAt.ShouldBeNull();
    }

    [Fact]
    public void The_history_version_moves_with_steps_only()
    {
        var dossier = HistoryOf(Stream[..6]).Dossier;

        dossier.Version.ShouldBe(6);
        dossier.HistoryVersion.ShouldBe(5, "digitization and feedback are no steps of the history");
    }

    [Fact]
    public void The_record_version_moves_with_what_the_portal_keeps_only()
    {
        HistoryOf(Receipt, Assignment).Dossier.RecordVersion.ShouldBe(2, "the status changed");
        HistoryOf(Receipt, Assignment, Digitization).Dossier.RecordVersion.ShouldBe(3, "the record says it has digitized components");
        HistoryOf(Stream[..6]).Dossier.RecordVersion.ShouldBe(5, "feedback is not in the record");
    }

    [Fact]
    public void Nothing_told_yet_means_the_record_and_every_step_are_due_and_the_record_is_new()
    {
        var history = HistoryOf(Stream);
        var due = PortalKnowledge.None(DossierId).Due(history.Dossier, PortalRecord.Of(history.Dossier), "f1", history.Steps);

        due.Record.ShouldNotBeNull();
        due.IsUpdate.ShouldBeFalse();
        due.DossierVersion.ShouldBe(8);
        due.Steps.Count.ShouldBe(6);
    }

    [Fact]
    public void After_the_record_and_some_steps_were_accepted_only_the_later_steps_are_due_and_a_changed_record_is_an_update()
    {
        var history = HistoryOf(Stream);
        var knowledge = PortalKnowledge.None(DossierId)
            .Evolve(new PortalRecordAccepted(DossierId, At("2025-03-10T09:01"), "f1", false, "0: ok", 8))
            .Evolve(new PortalStepsAccepted(DossierId, At("2025-03-10T09:02"), 4, 3, "h", "0: ok"));

        var unchanged = knowledge.Due(history.Dossier, PortalRecord.Of(history.Dossier), "f1", history.Steps);
        unchanged.Record.ShouldBeNull();
        unchanged.Steps.Select(s => s.Version).ShouldBe([5L, 7, 8]);

        var changed = knowledge.Due(history.Dossier, PortalRecord.Of(history.Dossier), "f2", history.Steps);
        changed.Record.ShouldNotBeNull();
        changed.IsUpdate.ShouldBeTrue();
    }

    [Fact]
    public void A_record_accepted_at_an_older_version_is_sent_again_even_when_it_reads_the_same()
    {
        var history = HistoryOf(Stream);
        var knowledge = PortalKnowledge.None(DossierId).Evolve(new PortalRecordAccepted(DossierId, At("2025-03-10T09:01"), "f1", false, "0: ok", 3));

        knowledge.Due(history.Dossier, PortalRecord.Of(history.Dossier), "f1", history.Steps).Record.ShouldNotBeNull();
    }

    [Fact]
    public void A_refusal_is_kept_until_an_acceptance_and_moves_nothing_the_portal_knows()
    {
        var refused = PortalKnowledge.None(DossierId)
            .Evolve(new PortalDeliveryRejected(DossierId, At("2025-03-10T09:01"), "DongBoHoSoMC", "h", "9: no"));

        refused.Rejection.ShouldNotBeNull();
        refused.RecordFingerprint.ShouldBeNull();
        refused.IsSynchronised(0, 0).ShouldBeFalse("the portal has no record of it");
        refused.Evolve(new PortalRecordAccepted(DossierId, At("2025-03-10T09:05"), "f1", false, "0: ok", 1)).Rejection.ShouldBeNull();
    }

    [Fact]
    public void The_portal_is_up_to_date_with_the_record_as_it_stands_and_every_step()
    {
        var knowledge = PortalKnowledge.None(DossierId)
            .Evolve(new PortalRecordAccepted(DossierId, At("2025-03-10T09:01"), "f1", false, "0: ok", 8))
            .Evolve(new PortalStepsAccepted(DossierId, At("2025-03-10T09:02"), 8, 6, "h", "0: ok"));

        knowledge.IsSynchronised(recordVersion: 8, historyVersion: 8).ShouldBeTrue();
        knowledge.IsSynchronised(recordVersion: 9, historyVersion: 8).ShouldBeFalse("the record changed since");
        knowledge.IsSynchronised(recordVersion: 8, historyVersion: 9).ShouldBeFalse("a later step is not told yet");
    }

    [Fact]
    public void A_voided_dossier_is_not_to_be_synchronised()
    {
        var voided = HistoryOf(Receipt, new DossierVoided(DossierId, At("2025-03-10T09:30"), Guid.NewGuid(), "nhập trùng")).Dossier;

        PortalRecord.MustBeSynchronised(voided).ShouldBeFalse();
        PortalRecord.MustBeSynchronised(HistoryOf(Receipt).Dossier).ShouldBeTrue();
    }

    [Fact]
    public void Delivery_streams_have_ids_of_their_own_derived_from_the_dossier()
    {
        PortalKnowledge.StreamIdOf(DossierId).ShouldBe(PortalKnowledge.StreamIdOf(DossierId));
        PortalKnowledge.StreamIdOf(DossierId).ShouldNotBe(DossierId);
        PortalKnowledge.StreamIdOf(DossierId).ShouldNotBe(PortalKnowledge.StreamIdOf(Guid.NewGuid()));
    }
}

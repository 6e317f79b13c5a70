using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>Corrections name what they supersede, change what the state shows, and never rewrite when things happened.</summary>
public sealed class CorrectionRulesTests
{
    private static readonly DossierDecider Decider = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);
    private static readonly Instant Now = At("2026-01-05T09:00");
    private static readonly DossierReceived Receipt = Received(At("2025-03-10T08:00"), At("2025-03-13T08:00"));
    private static readonly DossierResolved Resolution = new(DossierId, At("2025-03-11T08:00"), Timeliness.Early);

    private static Dossier Apply(Dossier state, Decision decision)
    {
        decision.Violation.ShouldBeNull();
        return state.Evolve(decision.Events.Single());
    }

    [Fact]
    public void A_channel_correction_changes_the_channel_but_not_the_latest_instant()
    {
        var open = Dossier.Start(Receipt);

        var corrected = Apply(open, Decider.Decide(open, new CorrectChannel(new SupersededEvent(Guid.NewGuid(), Receipt), Channel.Online, "nhầm kênh"), Now));

        corrected.Channel.ShouldBe(Channel.Online);
        corrected.LastEventAt.ShouldBe(open.LastEventAt);
        // Business time stays where it was: a late lifecycle event is still accepted after the correction.
        Decider.Decide(corrected, new ResolveDossier(At("2025-03-11T08:00")), Now).Violation.ShouldBeNull();
    }

    [Fact]
    public void A_resolution_correction_judges_timeliness_again()
    {
        var resolved = Dossier.Start(Receipt).Evolve(Resolution);

        var corrected = Apply(resolved, Decider.Decide(resolved, new CorrectResolution(new SupersededEvent(Guid.NewGuid(), Resolution), At("2025-03-14T09:00"), "sai ngày"), Now));

        corrected.ResolvedAt.ShouldBe(At("2025-03-14T09:00"));
        corrected.ClosedAt.ShouldBe(At("2025-03-14T09:00"));
        corrected.Timeliness.ShouldBe(Timeliness.Overdue);
    }

    [Fact]
    public void A_resolution_cannot_be_moved_before_receipt_after_the_result_or_into_the_future()
    {
        var resolved = Dossier.Start(Receipt).Evolve(Resolution).Evolve(new ResultReturned(DossierId, At("2025-03-12T08:00"), ResultReturnMethod.Counter));
        var superseded = new SupersededEvent(Guid.NewGuid(), Resolution);

        Decider.Decide(resolved, new CorrectResolution(superseded, At("2025-03-09T08:00"), "x"), Now).Violation!.Rule.ShouldBe(DossierRules.BeforeReceipt);
        Decider.Decide(resolved, new CorrectResolution(superseded, At("2025-03-12T09:00"), "x"), Now).Violation!.Rule.ShouldBe(DossierRules.ResolutionAfterResult);
        Decider.Decide(resolved, new CorrectResolution(superseded, Now + Duration.FromDays(1), "x"), Now).Violation!.Rule.ShouldBe(DossierRules.InstantInFuture);
    }

    [Fact]
    public void A_correction_must_name_an_event_of_the_dossier_of_the_kind_it_corrects()
    {
        var resolved = Dossier.Start(Receipt).Evolve(Resolution);

        Decider.Decide(resolved, new CorrectChannel(new SupersededEvent(Guid.NewGuid(), null), Channel.Online, "x"), Now).Violation!.Rule
            .ShouldBe(DossierRules.SupersededEventNotFound);
        Decider.Decide(resolved, new CorrectChannel(new SupersededEvent(Guid.NewGuid(), Resolution), Channel.Online, "x"), Now).Violation!.Rule
            .ShouldBe(DossierRules.WrongSupersededEvent);
        Decider.Decide(resolved, new VoidDossier(new SupersededEvent(Guid.NewGuid(), Resolution), "x"), Now).Violation!.Rule
            .ShouldBe(DossierRules.WrongSupersededEvent);
    }

    [Fact]
    public void A_voided_dossier_leaves_the_figures_and_takes_nothing_more()
    {
        var open = Dossier.Start(Receipt);

        var voided = Apply(open, Decider.Decide(open, new VoidDossier(new SupersededEvent(Guid.NewGuid(), Receipt), "nhập trùng"), Now));

        voided.Voided.ShouldBeTrue();
        DossierFacts.Of(voided, WorkingTimeCalendar.Vietnam.Zone).ShouldBeEmpty();
        Decider.Decide(voided, new ResolveDossier(At("2025-03-11T08:00")), Now).Violation!.Rule.ShouldBe(DossierRules.DossierVoided);
        Decider.Decide(voided, new VoidDossier(new SupersededEvent(Guid.NewGuid(), Receipt), "again"), Now).Violation!.Rule.ShouldBe(DossierRules.DossierVoided);
    }
}

using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>
/// Drives a dossier through the decider, one accepted decision at a time, for the lifecycle tests.
/// The reference dossier is received Monday 10/3/2025 08:00 with three working days (24 working hours):
/// 7 h on Monday, 8 h on Tuesday and Wednesday, 1 h on Thursday, so it is due Thursday 13/3/2025 08:00.
/// </summary>
internal static class LifecycleTestKit
{
    public static readonly DossierDecider ByDate = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date);

    public static readonly DossierDecider ByInstant = new(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Instant);

    public static readonly Instant ReceivedAt = At("2025-03-10T08:00");

    public static readonly Instant DueAt = At("2025-03-13T08:00");

    /// <summary>"Now" late enough for every instant the tests record to be in the past.</summary>
    public static readonly Instant Later = At("2025-06-30T12:00");

    public const string ReceiptNo = "000.00.12.H56-250310-0001";

    public const string OtherAgency = "UBND-HUYEN-01";

    public const string OtherAuthority = "UBND-XA-02";

    public static ReceiveDossier Request(Procedure procedure, Instant receivedAt) =>
        new(DossierId, ReceiptNo, "UBND-XA-01", procedure, Channel.Direct, receivedAt, "Nguyễn Văn A");

    /// <summary>The reference dossier, received through the decider.</summary>
    public static Dossier Open(DossierDecider? decider = null) =>
        Dossier.Fold(Accepted((decider ?? ByDate).Decide(null, Request(ThreeWorkingDays, ReceivedAt), ReceivedAt)));

    /// <summary>The reference request refused at intake at the receipt instant.</summary>
    public static Dossier Refused() =>
        Dossier.Fold(Accepted(ByDate.Decide(null, new RefuseIntake(Request(ThreeWorkingDays, ReceivedAt), "Hồ sơ không thuộc thẩm quyền"), ReceivedAt)));

    /// <summary>Asserts the decision was accepted and folds its events into the state.</summary>
    public static Dossier Then(this Dossier dossier, Decision decision)
    {
        foreach (var e in Accepted(decision))
        {
            dossier = dossier.Evolve(e);
        }

        return dossier;
    }

    public static IReadOnlyList<IDossierEvent> Accepted(Decision decision)
    {
        decision.Violation.ShouldBeNull();
        decision.Events.ShouldNotBeEmpty();
        return decision.Events;
    }

    public static T ShouldAcceptOne<T>(this Decision decision)
        where T : IDossierEvent
    {
        decision.Violation.ShouldBeNull();
        return decision.Events.ShouldHaveSingleItem().ShouldBeOfType<T>();
    }

    /// <summary>An accepted apology: drafted, approved, and sent last.</summary>
    public static ApologyIssued ShouldSendApology(this Decision decision)
    {
        decision.Violation.ShouldBeNull();
        decision.Events.Select(e => e.GetType()).ShouldBe([typeof(ApologyDrafted), typeof(ApologyApproved), typeof(ApologyIssued)]);
        return (ApologyIssued)decision.Events[^1];
    }

    public static void ShouldReject(this Decision decision, string rule)
    {
        decision.Violation.ShouldNotBeNull().Rule.ShouldBe(rule);
        decision.Violation.Detail.ShouldNotBeNullOrWhiteSpace();
        decision.Events.ShouldBeEmpty();
    }

    /// <summary>Every lifecycle command on a received dossier, happening at <paramref name="at"/>, by name.</summary>
    public static IReadOnlyList<(string Name, DossierCommand Command)> LifecycleCommands(Instant at) =>
    [
        ("resolve", new ResolveDossier(at)),
        ("withdraw", new WithdrawDossier(at, "rút")),
        ("stop", new StopDossier(at, "dừng")),
        ("assign", new AssignDossier(at, "Thẩm định", "cán bộ B")),
        ("request supplement", new RequestSupplement(at, "Bản sao CCCD")),
        ("receive supplement", new ReceiveSupplement(at)),
        ("request payment", new RequestPayment(at, 50_000m, PausesClock: true)),
        ("receive payment", new ReceivePayment(at, 50_000m, PaymentMethod.Cash)),
        ("transfer", new TransferDossier(at, OtherAgency)),
        ("return transfer", new ReturnTransfer(at)),
        ("hand over", new HandOverDossier(at, OtherAuthority, "không thuộc thẩm quyền", "cán bộ C", UnitRegistry.Empty)),
        ("draft apology", new DraftApology(at, At("2025-03-31T17:00"), "quá tải")),
        ("approve apology", new ApproveApology(at)),
        ("send apology", new IssueApology(at, null, null)),
        ("digitize", new DigitizeDossier(at, 2, ReusedData: true, ElectronicResult: true)),
        ("give feedback", new GiveFeedback(at, FeedbackRating.Satisfied, null)),
        ("return result", new ReturnResult(at, ResultReturnMethod.Counter)),
    ];

    /// <summary>
    /// An apology drafted, approved and sent at <paramref name="at"/>: the three events, or the first rule one of them
    /// breaks (each step is held to the rules of the sent apology).
    /// </summary>
    public static Decision Apologize(this DossierDecider decider, Dossier state, Instant at, Instant appointment, string reason, Instant now)
    {
        var events = new List<IDossierEvent>();
        foreach (var step in new DossierCommand[] { new DraftApology(at, appointment, reason), new ApproveApology(at), new IssueApology(at, null, null) })
        {
            var decision = decider.Decide(state, step, now);
            if (decision.Violation is not null)
            {
                return decision;
            }

            events.AddRange(decision.Events);
            state = decision.Events.Aggregate(state, (s, e) => s.Evolve(e));
        }

        return Decision.Accept([.. events]);
    }

    /// <summary>Every command the decider takes on an existing dossier, at one instant.</summary>
    public static IEnumerable<(string Command, Decision Decision)> EveryCommand(DossierDecider decider, Dossier dossier, Instant at) =>
        LifecycleCommands(at).Select(c => (c.Name, decider.Decide(dossier, c.Command, Later)));
}

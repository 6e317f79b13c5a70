using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static DossierLedger.Domain.Tests.Dossiers.DossierTestData;
using static DossierLedger.Domain.Tests.Dossiers.LifecycleTestKit;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>
/// For any receipt, pause and resumption in March–April 2025, the clock is suspended, not restarted:
/// the working time left at the pause is exactly the working time between the resumption and the new due.
/// </summary>
public class PauseResumeProperties
{
    private static readonly WorkingTimeCalendar Calendar = ByDate.Calendar;

    private static readonly Instant RangeStart = At("2025-03-01T00:00");

    private static readonly LocalTime[] Boundaries =
    [
        new(0, 0), new(6, 59, 59), new(7, 0), new(11, 29, 59), new(11, 30), new(12, 0),
        new(13, 29, 59), new(13, 30), new(16, 59, 59), new(17, 0), new(23, 59, 59),
    ];

    /// <summary>A receipt, a pause and a resumption, in that order; the time limit in working days.</summary>
    public sealed record Case(Instant ReceivedAt, int WorkingDays, Instant PausedAt, Instant ResumedAt, bool ByPayment)
    {
        public override string ToString() =>
            $"received {Local(ReceivedAt)} ({WorkingDays} working days), paused {Local(PausedAt)}, resumed {Local(ResumedAt)}"
            + (ByPayment ? " by payment" : " by supplement");

        private static string Local(Instant instant) => instant.InZone(Calendar.Zone).LocalDateTime.ToString("ddd dd/MM HH:mm:ss", null);
    }

    /// <summary>An instant up to <paramref name="maxDays"/> days after <paramref name="from"/>, often at a session boundary.</summary>
    private static Gen<Instant> After(Instant from, int maxDays) => Gen.Frequency(
        (3, Gen.Choose(0, (maxDays * 86_400) - 1).Select(seconds => from + Duration.FromSeconds(seconds))),
        (1, Gen.Choose(0, maxDays - 1).SelectMany(
            day => Gen.Elements(Boundaries),
            (day, time) => (from.InZone(Calendar.Zone).Date.PlusDays(day + 1) + time).InZoneStrictly(Calendar.Zone).ToInstant())));

    // Received 1–21/3, paused within 19 days, resumed within 19 more: everything stays in March–April 2025.
    private static Gen<Case> Cases() =>
        from receivedAt in After(RangeStart, 20)
        from workingDays in Gen.Choose(1, 12)
        from pausedAt in After(receivedAt, 18)
        from resumedAt in After(pausedAt, 18)
        from byPayment in Gen.Elements(false, true)
        select new Case(receivedAt, workingDays, pausedAt, resumedAt, byPayment);

    private static (Dossier Received, Dossier Paused, Instant NewDue) Run(Case c)
    {
        var request = Request(Procedure(new TimeLimit(c.WorkingDays, TimeLimitUnit.WorkingDays)), c.ReceivedAt);
        var received = Dossier.Fold(Accepted(ByDate.Decide(null, request, c.ReceivedAt)));
        var paused = received.Then(c.ByPayment
            ? ByDate.Decide(received, new RequestPayment(c.PausedAt, 10_000m, PausesClock: true), Later)
            : ByDate.Decide(received, new RequestSupplement(c.PausedAt, "giấy tờ"), Later));
        var resumed = paused.Then(c.ByPayment
            ? ByDate.Decide(paused, new ReceivePayment(c.ResumedAt, 10_000m, PaymentMethod.Cash), Later)
            : ByDate.Decide(paused, new ReceiveSupplement(c.ResumedAt), Later));
        return (received, paused, resumed.DueAt);
    }

    [Property(MaxTest = 300)]
    public Property The_new_due_gives_back_exactly_the_working_time_left_at_the_pause() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (received, paused, newDue) = Run(c);
            var due = received.DueAt;

            if (c.PausedAt <= due)
            {
                var remaining = Calendar.WorkingTimeBetween(c.PausedAt, due);
                paused.RemainingAtPause.ShouldBe(remaining);
                newDue.ShouldBeGreaterThanOrEqualTo(c.ResumedAt);
                Calendar.WorkingTimeBetween(c.ResumedAt, newDue).ShouldBe(remaining);

                // Time spent before the pause plus time after the resumption is the whole time limit.
                (Calendar.WorkingTimeBetween(c.ReceivedAt, c.PausedAt) + Calendar.WorkingTimeBetween(c.ResumedAt, newDue))
                    .ShouldBe(Duration.FromHours(8 * c.WorkingDays));
            }
            else
            {
                paused.RemainingAtPause.ShouldBeNull();
                newDue.ShouldBe(due, "a dossier paused when already overdue keeps its due");
            }
        });

    [Property(MaxTest = 200)]
    public Property A_pause_never_brings_the_due_forward() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (received, _, newDue) = Run(c);

            newDue.ShouldBeGreaterThanOrEqualTo(received.DueAt);
        });
}

using DossierLedger.Domain.Calendar;
using NodaTime;

namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// The lifecycle rules as pure functions: given the current state and a command, the events to append or the rule that
/// forbids them. No I/O; "now" is passed in. Each command carries its own decision (<see cref="DossierCommand"/>); the
/// decider holds what they share: the checks of each kind of command, and the calendar of the dossier's unit.
/// </summary>
public sealed class DossierDecider
{
    private readonly Func<string?, WorkingTimeCalendar> _calendarOf;
    private readonly TimelinessGranularity _granularity;

    public DossierDecider(WorkingTimeCalendar calendar, TimelinessGranularity granularity)
        : this(_ => calendar, granularity)
    {
    }

    /// <summary>
    /// A decider that asks, at each decision, for the calendar in force for a unit (office hours differ per unit,
    /// and years can be amended while it runs); a null unit asks for the default.
    /// </summary>
    public DossierDecider(Func<string?, WorkingTimeCalendar> calendarOf, TimelinessGranularity granularity)
    {
        _calendarOf = calendarOf;
        _granularity = granularity;
    }

    /// <summary>The calendar of <paramref name="unitCode"/>: the shared working days with the unit's office hours.</summary>
    public WorkingTimeCalendar CalendarOf(string unitCode) => _calendarOf(unitCode);

    /// <summary>Clients' clocks drift; an instant this far ahead of the server is still accepted.</summary>
    public static readonly Duration ClockSkewTolerance = Duration.FromMinutes(2);

    /// <summary>The default calendar (default office hours).</summary>
    public WorkingTimeCalendar Calendar => _calendarOf(null);

    /// <summary>
    /// The one entry point: the events <paramref name="command"/> appends to <paramref name="state"/> (null before a
    /// receipt or refusal, which start a stream), or the rule that forbids them. What every command of a kind must pass
    /// is checked here, the rest by the command's own decision.
    /// </summary>
    public Decision Decide(Dossier? state, DossierCommand command, Instant now) => (state, command) switch
    {
        (null, DossierStart start) => start.Decide(now, this),
        (null, _) => throw new ArgumentException($"A {command.GetType().Name} needs a received dossier.", nameof(state)),
        (_, DossierStart) => throw new ArgumentException("A receipt or refusal starts a new dossier.", nameof(state)),
        ({ } dossier, DossierChange change) => InFuture(change.At, now) ?? change.Decide(dossier, now, this),
        ({ } dossier, DossierCorrection correction) => correction.CheckSuperseded(dossier) ?? correction.Decide(dossier, now, this),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a kind of dossier command the decider knows."),
    };

    /// <summary>
    /// Timeliness of a resolution at <paramref name="resolvedAt"/>, judged against the dossier's due instant; a result
    /// given at once is on time whenever it comes, as the law gives it no date to be early or late against.
    /// </summary>
    internal Timeliness Judge(Dossier dossier, Instant resolvedAt) =>
        dossier.Deadlines is { ResultAtOnce: true }
            ? Timeliness.OnTime
            : TimelinessJudge.Judge(resolvedAt, dossier.DueAt, CalendarOf(dossier.ReceivingUnitCode).Zone, _granularity);

    /// <summary>When something given <paramref name="limit"/> from <paramref name="at"/> is due on the dossier's calendar; null without a limit.</summary>
    internal Instant? DueFrom(Dossier dossier, Instant at, TimeLimit? limit) =>
        limit is null ? null : CalendarOf(dossier.ReceivingUnitCode).DueAt(at, limit);

    /// <summary>
    /// How long a resolution at <paramref name="resolvedAt"/> took, pauses excluded, in the unit of the procedure's time
    /// limit (QĐ 766 2.2), to the thousandth: the time the limit allowed less the time still left before the effective due
    /// (negative once past it). Each pause moved the due by exactly the time it stopped the clock, so what the due moved
    /// by is what the pauses took. Working days and working hours count office time (a same-day limit in working hours);
    /// calendar days count days: from the day the clock started to the day of the resolution, less the days pauses added
    /// to the due. Null when the receipt did not name the unit.
    /// </summary>
    internal decimal? ProcessingTime(Dossier dossier, Instant resolvedAt)
    {
        if (dossier.Traits is not { } traits)
        {
            return null;
        }

        var calendar = CalendarOf(dossier.ReceivingUnitCode);
        if (traits.TimeLimitUnit == TimeLimitUnit.CalendarDays)
        {
            var allowed = Period.Between(calendar.LocalDate(calendar.ClockStart(dossier.ReceivedAt)), calendar.LocalDate(dossier.OriginalDueAt), PeriodUnits.Days).Days;
            var left = Period.Between(calendar.LocalDate(resolvedAt), calendar.LocalDate(dossier.DueAt), PeriodUnits.Days).Days;
            return Math.Max(0, allowed - left);
        }

        var allowance = calendar.WorkingTimeBetween(dossier.ReceivedAt, dossier.OriginalDueAt);
        var remaining = resolvedAt <= dossier.DueAt
            ? calendar.WorkingTimeBetween(resolvedAt, dossier.DueAt)
            : -calendar.WorkingTimeBetween(dossier.DueAt, resolvedAt);
        var used = Duration.Max(Duration.Zero, allowance - remaining);
        var unit = traits.TimeLimitUnit switch
        {
            TimeLimitUnit.WorkingDays => calendar.Hours.WorkingDayLength,
            TimeLimitUnit.WorkingHours or TimeLimitUnit.SameDay => Duration.FromHours(1),
            TimeLimitUnit.CalendarDays => throw new InvalidOperationException("Calendar days are counted above."),
            _ => throw new ArgumentOutOfRangeException(nameof(dossier), traits.TimeLimitUnit, "Unknown time limit unit."),
        };
        return Math.Round((decimal)(used.TotalTicks / unit.TotalTicks), 3, MidpointRounding.AwayFromZero);
    }

    /// <summary>Working time left before the due instant; null once it has passed (the dossier is overdue).</summary>
    internal Duration? RemainingAt(Dossier dossier, Instant at) =>
        at > dossier.DueAt ? null : CalendarOf(dossier.ReceivingUnitCode).WorkingTimeBetween(at, dossier.DueAt);

    /// <summary>
    /// The due instant after a pause: the remaining working time counted again from the resumption.
    /// A dossier paused when already overdue keeps its due instant: a pause never makes it timely again.
    /// </summary>
    internal Instant ResumedDue(Dossier dossier, Instant at) =>
        dossier.RemainingAtPause is { } remaining ? CalendarOf(dossier.ReceivingUnitCode).AddWorkingTime(at, remaining) : dossier.DueAt;

    /// <summary>
    /// The current step's deadline after a pause: like the dossier's, the working time it had left when the clock stopped
    /// counted again from the resumption, so waiting for the applicant never makes a step late. A step already past its
    /// deadline at the pause keeps it; null when the step has none.
    /// </summary>
    internal Instant? ResumedStepDue(Dossier dossier, Instant at) =>
        dossier is { StepDueAt: { } stepDue, PausedAt: { } pausedAt } && stepDue > pausedAt
            ? CalendarOf(dossier.ReceivingUnitCode).AddWorkingTime(at, CalendarOf(dossier.ReceivingUnitCode).WorkingTimeBetween(pausedAt, stepDue))
            : dossier.StepDueAt;

    /// <summary>A business instant must not be ahead of "now" by more than the clocks' drift.</summary>
    internal static Decision? InFuture(Instant at, Instant now) =>
        at > now + ClockSkewTolerance
            ? Decision.Reject(DossierRules.InstantInFuture, $"{at} is in the future (now is {now}).")
            : null;
}

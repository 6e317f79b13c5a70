using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// What the period report needs to know about one dossier. Dates are local (Asia/Ho_Chi_Minh):
/// periods start and end at local midnight, so "instant &lt; end of period" is exactly
/// "local date ≤ last day", and dates lose nothing.
/// </summary>
/// <param name="OverdueOn">
/// The local date of the effective due instant: from the end of that day on, an open dossier
/// counts as overdue. Null while the clock is paused and no due is known.
/// </param>
public sealed record DossierFacts(
    string UnitCode,
    string FieldCode,
    string ProcedureCode,
    Channel Channel,
    LocalDate ReceivedOn,
    LocalDate? OverdueOn,
    LocalDate? ClosedOn = null,
    Closure? Closure = null,
    Timeliness? Timeliness = null)
{
    /// <summary>Components were digitized (số hóa).</summary>
    public bool Digitized { get; init; }

    /// <summary>A fee was requested (the dossier's procedure bears one).</summary>
    public bool FeeRequested { get; init; }

    /// <summary>The fee was paid online, through the national portal or the provincial gateway.</summary>
    public bool PaidOnline { get; init; }

    /// <summary>The applicant complained or rated the service "dissatisfied".</summary>
    public bool Complaint { get; init; }

    public int SupplementRequests { get; init; }

    /// <summary>The catalogue lists a fee for its procedure (at receipt); for receipts from before that was kept, a fee was requested.</summary>
    public bool FeeBearing { get; init; }

    /// <summary>Its procedure's result is a paper document (at receipt); false for receipts from before that was kept.</summary>
    public bool PaperResult { get; init; }

    /// <summary>An electronic result was issued (kết quả điện tử).</summary>
    public bool ElectronicResult { get; init; }

    /// <summary>Digitized data was reused (tái sử dụng dữ liệu số hóa) instead of asking the applicant for papers again.</summary>
    public bool ReusedData { get; init; }

    /// <summary>The unit of its procedure's time limit at receipt; null for receipts from before that was kept.</summary>
    public TimeLimitUnit? TimeLimitUnit { get; init; }

    /// <summary>How long its resolution took, pauses excluded, in <see cref="ProcessingTimeUnitOf"/> of <see cref="TimeLimitUnit"/>; null unless resolved with one.</summary>
    public decimal? ProcessingTime { get; init; }

    /// <summary>
    /// While this authority held it waiting for a supplement (as it stands now, or stood when handed over): the date of the
    /// request it waits for. QĐ 766 2.1 takes that request as the end of its processing.
    /// </summary>
    public LocalDate? AwaitingSupplementSince { get; init; }

    /// <summary>Which supplement request it waits for (1 for the first), with <see cref="AwaitingSupplementSince"/>; 0 otherwise.</summary>
    public int AwaitedSupplementRequest { get; init; }

    /// <summary>Which authority's part of the dossier this is: 0 for the one it was received for, one more per hand-over.</summary>
    public int Segment { get; init; }

    /// <summary>The authority that handed the dossier to this one; null for the part from the receipt.</summary>
    public string? HandedInFrom { get; init; }

    /// <summary>The authority this one handed the dossier to (closure <see cref="Closure.HandedOver"/>); null otherwise.</summary>
    public string? HandedOverTo { get; init; }

    /// <summary>The stream versions this authority held the dossier over: from its receipt or the hand-over to it, through
    /// the hand-over from it (null while it holds it). The audit trail shows an authority these events.</summary>
    public long FromVersion { get; init; } = 1;

    public long? UntilVersion { get; init; }

    /// <summary>More than one supplement request: late under QĐ 766 whatever the dates say.</summary>
    public bool MultiSupplement => SupplementRequests > 1;

    /// <summary>
    /// How the end of processing compares with the due (trước hạn / đúng hạn / quá hạn); null while open. A resolution
    /// keeps the judgement recorded with it. A withdrawal or a stop is judged here by local dates, as resolutions are by
    /// default: closed before the due date early, on it on time, after it overdue. One closed while its clock was paused
    /// in time has no due date (<see cref="OverdueOn"/> is null: its clock had time left): never overdue, and counted on
    /// time, since no due date was left to beat. One paused when already overdue keeps its due date and is judged by it.
    /// </summary>
    public Timeliness? ClosingTimeliness => (ClosedOn, Closure) switch
    {
        (null, _) => null,
        (_, Reports.Closure.Resolved) => Timeliness,
        ({ } closed, _) => OverdueOn is { } due
            ? closed < due ? Dossiers.Timeliness.Early : closed == due ? Dossiers.Timeliness.OnTime : Dossiers.Timeliness.Overdue
            : Dossiers.Timeliness.OnTime,
    };

    /// <summary>Finished by the due date: closed early or on time (<see cref="ClosingTimeliness"/>), however it closed.</summary>
    public bool ClosedInTime => ClosingTimeliness is Dossiers.Timeliness.Early or Dossiers.Timeliness.OnTime;

    /// <summary>A paper result without its electronic one: QĐ 766 counts it neither as received online (3.3) nor as digitized (4.2).</summary>
    public bool LacksElectronicResult => PaperResult && !ElectronicResult;

    /// <summary>The unit a processing time in <paramref name="unit"/> is given in: a same-day limit's in working hours.</summary>
    public static ProcessingTimeUnit ProcessingTimeUnitOf(TimeLimitUnit unit) => unit switch
    {
        Calendar.TimeLimitUnit.WorkingDays => Reports.ProcessingTimeUnit.WorkingDays,
        Calendar.TimeLimitUnit.WorkingHours or Calendar.TimeLimitUnit.SameDay => Reports.ProcessingTimeUnit.WorkingHours,
        Calendar.TimeLimitUnit.CalendarDays => Reports.ProcessingTimeUnit.CalendarDays,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time limit unit."),
    };

    /// <summary>
    /// The facts of a dossier, one per authority that held it (<see cref="Segment"/>): each earlier one as the dossier stood
    /// when that authority handed it over, so nothing done later changes what it counted; the last one as the dossier
    /// stands now. None for a dossier refused at intake or voided, which never count.
    /// </summary>
    public static IReadOnlyList<DossierFacts> Of(Dossier dossier, DateTimeZone zone)
    {
        if (dossier.Status == DossierStatus.Refused || dossier.Voided)
        {
            return [];
        }

        var now = Current(dossier, zone);
        var segments = new List<DossierFacts>(dossier.HandOvers.Count + 1);
        DossierFacts? previous = null;
        foreach (var handOver in dossier.HandOvers)
        {
            var left = Held(handOver.AsHandedOver, now, zone, previous) with
            {
                ClosedOn = handOver.At.InZone(zone).Date,
                Closure = Reports.Closure.HandedOver,
                HandedOverTo = handOver.ToUnitCode,
                UntilVersion = handOver.Version,
            };
            segments.Add(left);
            previous = left;
        }

        segments.Add(Held(dossier, now, zone, previous));
        return segments;
    }

    /// <summary>
    /// The part of the dossier <paramref name="holder"/>'s authority held, from the hand-over that ended
    /// <paramref name="before"/>: its due and its closing as they stood then; its flags (digitized, fee, complaint,
    /// supplement requests) as they stand <paramref name="now"/>, the same for every part, so that the parts of a dossier
    /// an area's report holds add up to one dossier (<see cref="HandOverBoundary"/>).
    /// </summary>
    private static DossierFacts Held(Dossier holder, DossierFacts now, DateTimeZone zone, DossierFacts? before) => now with
    {
        UnitCode = holder.AuthorityCode,
        ReceivedOn = before?.ClosedOn ?? now.ReceivedOn,
        OverdueOn = holder.IsPausedInTime ? null : holder.DueAt.InZone(zone).Date,
        ClosedOn = holder.ClosedAt?.InZone(zone).Date,
        Closure = ClosureOf(holder.Status),
        Timeliness = holder.Timeliness,
        Segment = before is null ? 0 : before.Segment + 1,
        HandedInFrom = before?.UnitCode,
        FromVersion = before?.UntilVersion ?? 1,
        AwaitingSupplementSince = holder.Status == DossierStatus.AwaitingSupplement ? holder.PausedAt?.InZone(zone).Date : null,
        AwaitedSupplementRequest = holder.Status == DossierStatus.AwaitingSupplement ? holder.SupplementRequests : 0,
    };

    /// <summary>
    /// The facts of a dossier's state as one piece. While the clock is paused no due is known, unless the dossier was
    /// already overdue when it stopped.
    /// </summary>
    private static DossierFacts Current(Dossier dossier, DateTimeZone zone) =>
        new(
            dossier.UnitCode,
            dossier.FieldCode,
            dossier.ProcedureCode,
            dossier.Channel,
            dossier.ReceivedAt.InZone(zone).Date,
            dossier.IsPausedInTime ? null : dossier.DueAt.InZone(zone).Date,
            dossier.ClosedAt?.InZone(zone).Date,
            ClosureOf(dossier.Status),
            dossier.Timeliness)
        {
            Digitized = dossier.ComponentsDigitized > 0,
            FeeRequested = dossier.FeeRequested > 0,
            PaidOnline = dossier.PaymentMethod is PaymentMethod.NationalPortal or PaymentMethod.ProvincialGateway,
            Complaint = dossier.Feedback is FeedbackRating.Dissatisfied or FeedbackRating.Complaint,
            SupplementRequests = dossier.SupplementRequests,
            FeeBearing = dossier.Traits?.FeeBearing ?? dossier.FeeRequested > 0,
            PaperResult = dossier.Traits?.PaperResult ?? false,
            ElectronicResult = dossier.ElectronicResult,
            ReusedData = dossier.ReusedData,
            TimeLimitUnit = dossier.Traits?.TimeLimitUnit,
            ProcessingTime = dossier.Status is DossierStatus.Resolved or DossierStatus.ResultReturned ? dossier.ProcessingTime : null,
        };

    /// <summary>How a closed dossier ended; null while it is open. Every status is named: a new one must be placed.</summary>
    private static Closure? ClosureOf(DossierStatus status) => status switch
    {
        DossierStatus.Resolved or DossierStatus.ResultReturned => Reports.Closure.Resolved,
        DossierStatus.Withdrawn => Reports.Closure.Withdrawn,
        DossierStatus.Stopped => Reports.Closure.Stopped,
        DossierStatus.Received or DossierStatus.InProcess or DossierStatus.AwaitingSupplement or DossierStatus.AwaitingPayment => null,
        DossierStatus.Refused => throw new ArgumentException("A dossier refused at intake has no facts.", nameof(status)),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown dossier status."),
    };

    /// <summary>
    /// The day counters this part of a dossier adds to: its arrival, its closing, and its time overdue. Summing them over
    /// days before a date gives the cumulative counts that every figure of a period is a difference of (see
    /// <see cref="PeriodFigures"/>).
    /// </summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter)> Contributions() =>
        Arrival().Concat(Departure()).Concat(Overdue()).Concat(LateForProgress());

    /// <summary>What this part adds to the counters that are sums, not counts: its processing time, on its resolution date (2.2).</summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter, long Amount)> Amounts()
    {
        if (Closure == Reports.Closure.Resolved && ClosedOn is { } resolvedOn && ProcessingTime is { } time && TimeLimitUnit is not null)
        {
            yield return (resolvedOn, ReportCounter.ProcessingTimeThousandths, (long)Math.Round(time * 1000, MidpointRounding.AwayFromZero));
        }
    }

    /// <summary>Every counter this part adds to with the amount: one for each of <see cref="Contributions"/>, and the <see cref="Amounts"/>.</summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter, long Amount)> Counted() =>
        Contributions().Select(c => (c.Day, c.Counter, 1L)).Concat(Amounts());

    /// <summary>On the day it arrived (its receipt, or the hand-over to this authority): received in its channel, and the flags received dossiers are counted by.</summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter)> Arrival()
    {
        yield return (ReceivedOn, Channel switch
        {
            Channel.Online => ReportCounter.ReceivedOnline,
            Channel.Postal => ReportCounter.ReceivedPostal,
            _ => ReportCounter.ReceivedDirect,
        });
        foreach (var (flag, counter) in new[]
        {
            (HandedInFrom is not null, ReportCounter.ReceivedHandedIn),
            (Digitized, ReportCounter.DigitizedReceived),
            (FeeRequested, ReportCounter.FeeReceived),
            (PaidOnline && FeeRequested, ReportCounter.PaidOnlineReceived),
            (MultiSupplement, ReportCounter.MultiSupplementReceived),
            (Channel == Channel.Online && LacksElectronicResult, ReportCounter.OnlineWithoutElectronicResult),
            (FeeBearing, ReportCounter.FeeBearingReceived),
            (FeeBearing && PaidOnline, ReportCounter.PaidOnlineFeeBearingReceived),
            (Digitized && LacksElectronicResult, ReportCounter.DigitizedWithoutElectronicResultReceived),
            (ReusedData, ReportCounter.ReusedDataReceived),
        })
        {
            if (flag)
            {
                yield return (ReceivedOn, counter);
            }
        }
    }

    /// <summary>On the day it closed here (resolved, withdrawn, stopped or handed over): how, judged against the due, and the flags closed dossiers are counted by.</summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter)> Departure()
    {
        if (ClosedOn is not { } closedOn)
        {
            yield break;
        }

        yield return (closedOn, (Closure, Timeliness) switch
        {
            (Reports.Closure.Withdrawn, _) => ReportCounter.Withdrawn,
            (Reports.Closure.Stopped, _) => ReportCounter.Stopped,
            (Reports.Closure.HandedOver, _) => ReportCounter.HandedOver,
            (Reports.Closure.Resolved, Dossiers.Timeliness.Early) => ReportCounter.ResolvedEarly,
            (Reports.Closure.Resolved, Dossiers.Timeliness.OnTime) => ReportCounter.ResolvedOnTime,
            (Reports.Closure.Resolved, Dossiers.Timeliness.Overdue) => ReportCounter.ResolvedOverdue,
            _ => throw new InvalidOperationException($"Closed on {closedOn} with closure {Closure} and timeliness {Timeliness}: no counter says how."),
        });

        // Withdrawn, stopped or handed over on time is what is left of their counter, so only early and overdue are kept.
        if ((Closure, ClosingTimeliness) switch
        {
            (Reports.Closure.Withdrawn, Dossiers.Timeliness.Early) => ReportCounter.WithdrawnEarly,
            (Reports.Closure.Withdrawn, Dossiers.Timeliness.Overdue) => ReportCounter.WithdrawnOverdue,
            (Reports.Closure.Stopped, Dossiers.Timeliness.Early) => ReportCounter.StoppedEarly,
            (Reports.Closure.Stopped, Dossiers.Timeliness.Overdue) => ReportCounter.StoppedOverdue,
            (Reports.Closure.HandedOver, Dossiers.Timeliness.Early) => ReportCounter.HandedOverEarly,
            (Reports.Closure.HandedOver, Dossiers.Timeliness.Overdue) => ReportCounter.HandedOverOverdue,
            _ => (ReportCounter?)null,
        } is { } judged)
        {
            yield return (closedOn, judged);
        }

        foreach (var (flag, counter) in new[]
        {
            (Digitized, ReportCounter.DigitizedClosed),
            (Complaint && Closure == Reports.Closure.Resolved, ReportCounter.ComplaintResolved),
            (ClosedInTime && !MultiSupplement, ReportCounter.ClosedInTime),
            (MultiSupplement, ReportCounter.MultiSupplementClosed),
            (ClosedInTime && MultiSupplement, ReportCounter.MultiSupplementClosedInTime),
            (Closure == Reports.Closure.Resolved && PaperResult, ReportCounter.PaperResultResolved),
            (Closure == Reports.Closure.Resolved && PaperResult && ElectronicResult, ReportCounter.PaperResultResolvedElectronically),
            (Digitized && LacksElectronicResult, ReportCounter.DigitizedWithoutElectronicResultClosed),
        })
        {
            if (flag)
            {
                yield return (closedOn, counter);
            }
        }

        if (Closure == Reports.Closure.Resolved && ProcessingTime is not null && TimeLimitUnit is { } unit)
        {
            yield return (closedOn, ProcessingTimeUnitOf(unit) switch
            {
                Reports.ProcessingTimeUnit.WorkingDays => ReportCounter.TimedInWorkingDays,
                Reports.ProcessingTimeUnit.WorkingHours => ReportCounter.TimedInWorkingHours,
                Reports.ProcessingTimeUnit.CalendarDays => ReportCounter.TimedInCalendarDays,
                _ => throw new InvalidOperationException($"No counter for processing times in {unit}."),
            });
        }
    }

    /// <summary>
    /// From the end of its due date (or of the day it arrived, when it arrived already overdue) until it closed here: an
    /// open overdue dossier of this authority.
    /// </summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter)> Overdue()
    {
        if (OverdueOn is not { } overdueOn)
        {
            yield break;
        }

        var started = LocalDate.Max(overdueOn, ReceivedOn);
        yield return (started, ReportCounter.OverdueStarted);
        if (MultiSupplement)
        {
            yield return (started, ReportCounter.MultiSupplementOverdueStarted);
        }

        if (ClosedOn is { } closed)
        {
            var ended = LocalDate.Max(started, closed);
            yield return (ended, ReportCounter.OverdueEnded);
            if (MultiSupplement)
            {
                yield return (ended, ReportCounter.MultiSupplementOverdueEnded);
            }
        }
    }

    /// <summary>
    /// The days at whose end this part, open here, counts as late for QĐ 766 2.1 (<see cref="QualityFigures"/>): while
    /// running, once its due date is past (due on a period's last day is in time); while waiting for a supplement, from the
    /// request's date, if that request was a second one or made after the due date. One window at most: a dossier late
    /// while running and paused after its due stays late.
    /// </summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter)> LateForProgress()
    {
        var waitingLate = AwaitingSupplementSince is { } requested && (AwaitedSupplementRequest > 1 || requested > OverdueOn);
        var start = OverdueOn is { } due ? LocalDate.Max(ReceivedOn, due.PlusDays(1)) : (LocalDate?)null;
        var end = AwaitingSupplementSince is { } since && !waitingLate && !(ClosedOn < since) ? since : ClosedOn;
        if (waitingLate && AwaitingSupplementSince is { } from && (start is null || start > from))
        {
            start = LocalDate.Max(ReceivedOn, from);
        }

        if (start is not { } started || started >= end)
        {
            yield break;
        }

        yield return (started, ReportCounter.LateForProgressStarted);
        if (end is { } ended)
        {
            yield return (ended, ReportCounter.LateForProgressEnded);
        }
    }

    /// <summary>
    /// The key the boundary between two authorities is counted under (<see cref="HandOverBoundary"/>). Unit codes never
    /// contain <c>&gt;</c>, so it is no unit's.
    /// </summary>
    public static string BoundaryCode(string from, string to) => $"{from}>{to}";

    /// <summary>
    /// A hand-over from the part <paramref name="before"/> to the part <paramref name="after"/>, as an area holding both
    /// authorities takes it back out of their sum (under <see cref="BoundaryCode"/>): the departure of the one and the
    /// arrival of the other, all on the hand-over date, so that the area counts the dossier once, as if it had never
    /// changed hands. A dossier's parts share its flags and differ in dates, due and closing only, so any run of
    /// consecutive parts an area holds adds up to one dossier.
    /// </summary>
    public static IEnumerable<(LocalDate Day, ReportCounter Counter)> HandOverBoundary(DossierFacts before, DossierFacts after) =>
        before.HandedOverTo == after.UnitCode && after.HandedInFrom == before.UnitCode && before.ClosedOn == after.ReceivedOn
            ? before.Departure().Concat(after.Arrival())
            : throw new ArgumentException($"Part {after.Segment} of the dossier does not follow part {before.Segment}.", nameof(after));

    /// <summary>
    /// What a dossier's parts add to a report over the units <paramref name="covers"/> holds: the parts of those units,
    /// less each hand-over between two of them (<see cref="HandOverBoundary"/>), each with the amount it adds (one for a
    /// count). Its counters sum the same, as stored.
    /// </summary>
    public static IEnumerable<(LocalDate Day, ReportCounter Counter, long Amount)> ContributionsWithin(
        IReadOnlyList<DossierFacts> parts, Func<string, bool> covers)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (!covers(parts[i].UnitCode))
            {
                continue;
            }

            foreach (var counted in parts[i].Counted())
            {
                yield return counted;
            }

            if (i > 0 && covers(parts[i - 1].UnitCode))
            {
                foreach (var (day, counter) in HandOverBoundary(parts[i - 1], parts[i]))
                {
                    yield return (day, counter, -1);
                }
            }
        }
    }
}

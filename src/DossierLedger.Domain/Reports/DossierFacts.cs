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

    /// <summary>
    /// The facts of a dossier's current state; null for one refused at intake or voided, which never count.
    /// While the clock is paused no due is known, unless the dossier was already overdue when it stopped.
    /// </summary>
    public static DossierFacts? Of(Dossier dossier, DateTimeZone zone) => dossier.Status == DossierStatus.Refused || dossier.Voided
        ? null
        : new(
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
    /// The day counters this dossier adds to. Summing them over days before a date gives the
    /// cumulative counts that every figure of a period is a difference of (see <see cref="PeriodFigures"/>).
    /// </summary>
    public IEnumerable<(LocalDate Day, ReportCounter Counter)> Contributions()
    {
        yield return (ReceivedOn, Channel switch
        {
            Channel.Online => ReportCounter.ReceivedOnline,
            Channel.Postal => ReportCounter.ReceivedPostal,
            _ => ReportCounter.ReceivedDirect,
        });
        foreach (var (flag, counter) in new[]
        {
            (Digitized, ReportCounter.DigitizedReceived),
            (FeeRequested, ReportCounter.FeeReceived),
            (PaidOnline && FeeRequested, ReportCounter.PaidOnlineReceived),
            (MultiSupplement, ReportCounter.MultiSupplementReceived),
        })
        {
            if (flag)
            {
                yield return (ReceivedOn, counter);
            }
        }

        if (ClosedOn is { } closedOn)
        {
            yield return (closedOn, (Closure, Timeliness) switch
            {
                (Reports.Closure.Withdrawn, _) => ReportCounter.Withdrawn,
                (Reports.Closure.Stopped, _) => ReportCounter.Stopped,
                (Reports.Closure.Resolved, Dossiers.Timeliness.Early) => ReportCounter.ResolvedEarly,
                (Reports.Closure.Resolved, Dossiers.Timeliness.OnTime) => ReportCounter.ResolvedOnTime,
                (Reports.Closure.Resolved, Dossiers.Timeliness.Overdue) => ReportCounter.ResolvedOverdue,
                _ => throw new InvalidOperationException($"Closed on {closedOn} with closure {Closure} and timeliness {Timeliness}: no counter says how."),
            });
            // Withdrawn or stopped on time is what is left of their counter, so only early and overdue are kept.
            if ((Closure, ClosingTimeliness) switch
            {
                (Reports.Closure.Withdrawn, Dossiers.Timeliness.Early) => ReportCounter.WithdrawnEarly,
                (Reports.Closure.Withdrawn, Dossiers.Timeliness.Overdue) => ReportCounter.WithdrawnOverdue,
                (Reports.Closure.Stopped, Dossiers.Timeliness.Early) => ReportCounter.StoppedEarly,
                (Reports.Closure.Stopped, Dossiers.Timeliness.Overdue) => ReportCounter.StoppedOverdue,
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
            })
            {
                if (flag)
                {
                    yield return (closedOn, counter);
                }
            }
        }

        if (OverdueOn is { } overdueOn)
        {
            yield return (overdueOn, ReportCounter.OverdueStarted);
            if (MultiSupplement)
            {
                yield return (overdueOn, ReportCounter.MultiSupplementOverdueStarted);
            }

            if (ClosedOn is { } closed)
            {
                var ended = LocalDate.Max(overdueOn, closed);
                yield return (ended, ReportCounter.OverdueEnded);
                if (MultiSupplement)
                {
                    yield return (ended, ReportCounter.MultiSupplementOverdueEnded);
                }
            }
        }
    }
}

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

    /// <summary>Finished by the due date: resolved early or on time, or withdrawn / stopped by the due date.</summary>
    public bool ClosedInTime => ClosedOn is { } closed && (Closure == Reports.Closure.Resolved
        ? Timeliness is Dossiers.Timeliness.Early or Dossiers.Timeliness.OnTime
        : OverdueOn is not { } due || closed <= due);

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

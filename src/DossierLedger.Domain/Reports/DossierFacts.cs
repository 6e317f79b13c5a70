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
    /// <summary>
    /// The facts of a dossier's current state; null for one refused at intake, which never counts.
    /// While the clock is paused no due is known, unless the dossier was already overdue when it stopped.
    /// </summary>
    public static DossierFacts? Of(Dossier dossier, DateTimeZone zone) => dossier.Status == DossierStatus.Refused
        ? null
        : new(
            dossier.UnitCode,
            dossier.FieldCode,
            dossier.ProcedureCode,
            dossier.Channel,
            dossier.ReceivedAt.InZone(zone).Date,
            dossier.RemainingAtPause > Duration.Zero ? null : dossier.DueAt.InZone(zone).Date,
            dossier.ClosedAt?.InZone(zone).Date,
            ClosureOf(dossier.Status),
            dossier.Timeliness);

    private static Closure? ClosureOf(DossierStatus status) => status switch
    {
        DossierStatus.Resolved or DossierStatus.ResultReturned => Reports.Closure.Resolved,
        DossierStatus.Withdrawn => Reports.Closure.Withdrawn,
        DossierStatus.Stopped => Reports.Closure.Stopped,
        _ => null,
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

        if (ClosedOn is { } closedOn)
        {
            yield return (closedOn, (Closure, Timeliness) switch
            {
                (Reports.Closure.Withdrawn, _) => ReportCounter.Withdrawn,
                (Reports.Closure.Stopped, _) => ReportCounter.Stopped,
                (_, Dossiers.Timeliness.Early) => ReportCounter.ResolvedEarly,
                (_, Dossiers.Timeliness.OnTime) => ReportCounter.ResolvedOnTime,
                _ => ReportCounter.ResolvedOverdue,
            });
        }

        if (OverdueOn is { } overdueOn)
        {
            yield return (overdueOn, ReportCounter.OverdueStarted);
            if (ClosedOn is { } closed)
            {
                yield return (LocalDate.Max(overdueOn, closed), ReportCounter.OverdueEnded);
            }
        }
    }
}

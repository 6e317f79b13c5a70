using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// 5.4 satisfaction: 100 % less the overdue rate and the rate of resolved dossiers with a complaint or a
/// "dissatisfied" rating, both over the dossiers resolved in the period.
/// </summary>
public sealed record SatisfactionFigures(Ratio OverdueRate, Ratio ComplaintRate)
{
    public double? Value => OverdueRate.Value is { } overdue && ComplaintRate.Value is { } complaint
        ? 1 - overdue - complaint
        : null;
}

/// <summary>A factor a rate is multiplied by, with where its value comes from.</summary>
public sealed record RateFactor(double Value, string Basis)
{
    /// <summary>
    /// QĐ 766 multiplies 3.3 by the share of dossiers synchronised to the national portal (1.4). The ledger has no feed
    /// from the portal yet, so it cannot know that share: it takes 1 and says so.
    /// </summary>
    public static readonly RateFactor NoNationalPortalFeed = new(
        1, "sync rate (indicator 1.4) taken as 1: the national-portal feed is off, so the ledger cannot count synchronised dossiers");

    /// <summary>The sync rate (1.4) as the factor; 1 when no dossier had to be synchronised (then 3.3 has no denominator either).</summary>
    public static RateFactor SyncRate(Ratio synchronisation) => new(
        synchronisation.Value ?? 1,
        $"sync rate (indicator 1.4): {synchronisation.Numerator} of {synchronisation.Denominator} dossiers synchronised with the national portal");
}

/// <summary>A rate made of a numerator and a denominator, multiplied by a <see cref="RateFactor"/>.</summary>
public sealed record FactoredRatio(long Numerator, long Denominator, RateFactor Factor)
{
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator * Factor.Value;
}

/// <summary>The unit a processing time is given in (QĐ 766 2.2: the unit of the procedure's time limit).</summary>
public enum ProcessingTimeUnit
{
    WorkingDays,
    WorkingHours,
    CalendarDays,
}

/// <summary>
/// 2.2: the average processing time of the dossiers resolved in the period that have one, in their procedures' unit.
/// <see cref="Unit"/>, <see cref="Total"/> and <see cref="Value"/> are null when none was resolved, and when the dossiers
/// counted are given in more than one unit (a row summing procedures with different time limits): such times do not add.
/// </summary>
/// <param name="Dossiers">Resolved in the period with a processing time.</param>
/// <param name="Total">Their processing times added up, in <see cref="Unit"/>.</param>
public sealed record ProcessingTimeFigures(long Dossiers, ProcessingTimeUnit? Unit, decimal? Total)
{
    public double? Value => Unit is not null && Total is { } total && Dossiers > 0 ? (double)(total / Dossiers) : null;

    /// <summary>The figures from the counts by unit and the sum of the times in thousandths of their units.</summary>
    public static ProcessingTimeFigures Of(long workingDays, long workingHours, long calendarDays, long thousandths)
    {
        var units = new[]
            {
                (Unit: ProcessingTimeUnit.WorkingDays, Count: workingDays),
                (Unit: ProcessingTimeUnit.WorkingHours, Count: workingHours),
                (Unit: ProcessingTimeUnit.CalendarDays, Count: calendarDays),
            }
            .Where(u => u.Count != 0)
            .ToList();
        return units is [var only]
            ? new ProcessingTimeFigures(only.Count, only.Unit, thousandths / 1000m)
            : new ProcessingTimeFigures(workingDays + workingHours + calendarDays, null, null);
    }
}

/// <summary>
/// The QĐ 766/QĐ-TTg service-quality indicators the ledger can compute, each with its numerator and denominator, read by
/// the decision's formula text (docs/reports.md, "QĐ 766 indicators", where the text is silent), plus the plain
/// digitization of Biểu 06. "Handled": carried over and received in the period; an area (a unit with the units under
/// it) counts a dossier handed over inside it once.
/// </summary>
/// <param name="Progress">2.1: handled dossiers finished by their due (closed in the period), or not late at its end (still open).</param>
/// <param name="OnlineReception">3.3: received online over all received in the period, an online dossier of a procedure with a paper result only with an electronic result; times the sync rate.</param>
/// <param name="OnlinePayment">3.6: received in the period for a procedure the catalogue lists a fee for and paid online, over all received for such procedures.</param>
/// <param name="Digitization">4.2: handled dossiers with digitized components and, for a procedure with a paper result, an electronic result, over all handled.</param>
/// <param name="Satisfaction">5.4.</param>
/// <param name="ProcessingTime">2.2.</param>
/// <param name="ElectronicResults">4.1: resolved in the period for a procedure with a paper result and with an electronic result, over all resolved for such procedures.</param>
/// <param name="DataReuse">4.3: received in the period reusing digitized data, over all received.</param>
/// <param name="DigitizedComponents">Handled dossiers with digitized components over all handled: the digitization line of the Biểu 06 printout (not a QĐ 766 reading).</param>
public sealed record QualityFigures(
    Ratio Progress,
    FactoredRatio OnlineReception,
    Ratio OnlinePayment,
    Ratio Digitization,
    SatisfactionFigures Satisfaction,
    ProcessingTimeFigures ProcessingTime,
    Ratio ElectronicResults,
    Ratio DataReuse,
    Ratio DigitizedComponents)
{
    /// <summary>
    /// 1.4: the dossiers received in the period (refused at intake included, voided ones not) that the national portal is
    /// up to date with, over all of them; null when the national-portal feed is off.
    /// </summary>
    public Ratio? Synchronisation { get; init; }

    /// <summary>The figures with 1.4 and, as QĐ 766 asks, 3.3 multiplied by it; unchanged when the feed is off (null).</summary>
    public QualityFigures WithSynchronisation(Ratio? synchronisation) => synchronisation is { } sync
        ? this with { Synchronisation = sync, OnlineReception = OnlineReception with { Factor = RateFactor.SyncRate(sync) } }
        : this;

    /// <summary>The indicators from two cumulative counter vectors, as <see cref="PeriodFigures.FromCumulative"/>.</summary>
    public static QualityFigures FromCumulative(ReportCounters beforeStart, ReportCounters throughEnd)
    {
        var inPeriod = throughEnd - beforeStart;
        var handled = beforeStart.Open + inPeriod.Received;
        var openNotLate = throughEnd.Open
            - (throughEnd[ReportCounter.LateForProgressStarted] - throughEnd[ReportCounter.LateForProgressEnded]);
        var closedInTime = inPeriod[ReportCounter.ClosedInTime] + inPeriod[ReportCounter.MultiSupplementClosedInTime];
        var digitizedHandled = HandledBy(beforeStart, inPeriod, ReportCounter.DigitizedReceived, ReportCounter.DigitizedClosed);
        var digitizedWithoutElectronic = HandledBy(
            beforeStart, inPeriod, ReportCounter.DigitizedWithoutElectronicResultReceived, ReportCounter.DigitizedWithoutElectronicResultClosed);
        return new QualityFigures(
            new Ratio(closedInTime + openNotLate, handled),
            new FactoredRatio(inPeriod.ReceivedOnline - inPeriod[ReportCounter.OnlineWithoutElectronicResult], inPeriod.Received, RateFactor.NoNationalPortalFeed),
            new Ratio(inPeriod[ReportCounter.PaidOnlineFeeBearingReceived], inPeriod[ReportCounter.FeeBearingReceived]),
            new Ratio(digitizedHandled - digitizedWithoutElectronic, handled),
            new SatisfactionFigures(
                new Ratio(inPeriod.ResolvedOverdue, inPeriod.Resolved),
                new Ratio(inPeriod[ReportCounter.ComplaintResolved], inPeriod.Resolved)),
            ProcessingTimeFigures.Of(
                inPeriod[ReportCounter.TimedInWorkingDays], inPeriod[ReportCounter.TimedInWorkingHours], inPeriod[ReportCounter.TimedInCalendarDays],
                inPeriod[ReportCounter.ProcessingTimeThousandths]),
            new Ratio(inPeriod[ReportCounter.PaperResultResolvedElectronically], inPeriod[ReportCounter.PaperResultResolved]),
            new Ratio(inPeriod[ReportCounter.ReusedDataReceived], inPeriod.Received),
            new Ratio(digitizedHandled, handled));
    }

    /// <summary>Handled dossiers with a flag: those still open at the start with it, and those received in the period with it.</summary>
    private static long HandledBy(ReportCounters beforeStart, ReportCounters inPeriod, ReportCounter received, ReportCounter closed) =>
        beforeStart[received] - beforeStart[closed] + inPeriod[received];

    /// <summary>
    /// The indicators straight from the formula text, one dossier's part at a time, each numerator and denominator the
    /// number of parts <see cref="FigureMembership"/> puts in it (the reference the counter arithmetic is checked
    /// against); 2.2 adds up the processing times of its parts. Over an area (<paramref name="covers"/> holds both ends of
    /// a hand-over) the hand-over is neither a closing nor a receipt: the area counts the dossier once, as
    /// <see cref="PeriodFigures.FromDefinition"/>.
    /// </summary>
    public static QualityFigures FromDefinition(IEnumerable<DossierFacts> dossiers, LocalDate from, LocalDate to, Func<string, bool>? covers = null)
    {
        var scope = new FigureScope(from, to, covers);
        var n = new FigureCounts();
        long workingDays = 0, workingHours = 0, calendarDays = 0, thousandths = 0;
        foreach (var d in dossiers)
        {
            var members = FigureMembership.Of(d, scope);
            n.Add(members);
            if (members.Contains(Figure.ProcessingTimeDossiers))
            {
                _ = DossierFacts.ProcessingTimeUnitOf(d.TimeLimitUnit!.Value) switch
                {
                    ProcessingTimeUnit.WorkingDays => workingDays++,
                    ProcessingTimeUnit.WorkingHours => workingHours++,
                    ProcessingTimeUnit.CalendarDays => calendarDays++,
                    _ => throw new InvalidOperationException($"Unknown processing time unit of {d.TimeLimitUnit}."),
                };
                thousandths += (long)Math.Round(d.ProcessingTime!.Value * 1000, MidpointRounding.AwayFromZero);
            }
        }

        return new QualityFigures(
            new Ratio(n[Figure.ProgressNumerator], n[Figure.ProgressDenominator]),
            new FactoredRatio(n[Figure.OnlineReceptionNumerator], n[Figure.OnlineReceptionDenominator], RateFactor.NoNationalPortalFeed),
            new Ratio(n[Figure.OnlinePaymentNumerator], n[Figure.OnlinePaymentDenominator]),
            new Ratio(n[Figure.DigitizationNumerator], n[Figure.DigitizationDenominator]),
            new SatisfactionFigures(
                new Ratio(n[Figure.OverdueRateNumerator], n[Figure.OverdueRateDenominator]),
                new Ratio(n[Figure.ComplaintRateNumerator], n[Figure.ComplaintRateDenominator])),
            ProcessingTimeFigures.Of(workingDays, workingHours, calendarDays, thousandths),
            new Ratio(n[Figure.ElectronicResultsNumerator], n[Figure.ElectronicResultsDenominator]),
            new Ratio(n[Figure.DataReuseNumerator], n[Figure.DataReuseDenominator]),
            new Ratio(n[Figure.DigitizedComponentsNumerator], n[Figure.DigitizedComponentsDenominator]));
    }
}

namespace DossierLedger.Domain.Reports;

/// <summary>
/// The per-day counters the report is built from. A dossier adds one to a few of them on the days
/// things happened to it; the numbers are stable (they name stored columns) and must not be reordered.
/// </summary>
public enum ReportCounter
{
    ReceivedDirect = 0,
    ReceivedOnline = 1,
    ReceivedPostal = 2,
    ResolvedEarly = 3,
    ResolvedOnTime = 4,
    ResolvedOverdue = 5,
    Withdrawn = 6,
    Stopped = 7,

    /// <summary>Counted on the due date: from the end of that day an open dossier is overdue.</summary>
    OverdueStarted = 8,

    /// <summary>Counted on the later of due date and closing date: the dossier stops being an open overdue one.</summary>
    OverdueEnded = 9,

    /// <summary>On the receipt date, for a dossier whose components were digitized.</summary>
    DigitizedReceived = 10,

    /// <summary>On the closing date, for a digitized dossier.</summary>
    DigitizedClosed = 11,

    /// <summary>On the receipt date, for a dossier with a fee to pay.</summary>
    FeeReceived = 12,

    /// <summary>On the receipt date, for a dossier whose fee was paid online (portal or provincial gateway).</summary>
    PaidOnlineReceived = 13,

    /// <summary>On the resolution date, for a dossier with a complaint or a "dissatisfied" rating.</summary>
    ComplaintResolved = 14,

    /// <summary>On the closing date, for a dossier finished by its due date with at most one supplement request (QĐ 766 2.1).</summary>
    ClosedInTime = 15,

    /// <summary>The four counters below repeat received / closed / overdue for dossiers with more than one supplement request.</summary>
    MultiSupplementReceived = 16,
    MultiSupplementClosed = 17,
    MultiSupplementOverdueStarted = 18,
    MultiSupplementOverdueEnded = 19,

    /// <summary>
    /// The four counters below judge withdrawn and stopped dossiers against their due, on the closing date, as
    /// <see cref="DossierFacts.ClosingTimeliness"/> says: early or overdue; the rest of <see cref="Withdrawn"/> and
    /// <see cref="Stopped"/> closed on time. The official Biểu 06 counts them as resolved (<see cref="OfficialBieu06"/>).
    /// </summary>
    WithdrawnEarly = 20,
    WithdrawnOverdue = 21,
    StoppedEarly = 22,
    StoppedOverdue = 23,

    /// <summary>On the hand-over date, at the authority that took the dossier: also counted as received in its channel.</summary>
    ReceivedHandedIn = 24,

    /// <summary>On the hand-over date, at the authority that handed the dossier over: it leaves that authority's open work.</summary>
    HandedOver = 25,

    /// <summary>Handed over before or after the due date: the rest of <see cref="HandedOver"/> was on time (the official Biểu 06 folds them like withdrawals).</summary>
    HandedOverEarly = 26,
    HandedOverOverdue = 27,

    /// <summary>
    /// The counters below are QĐ 766's by its formula text (<see cref="QualityFigures"/>). Each is kept as the part a
    /// figure differs from an older counter by, where there is one: a dossier none of them concern counts in none.
    /// On the closing date, for a dossier closed in time with more than one supplement request: with <see cref="ClosedInTime"/>,
    /// every dossier closed in time (2.1 judges only dossiers still waiting by their supplement requests).
    /// </summary>
    MultiSupplementClosedInTime = 28,

    /// <summary>The window during which an open dossier counts as late for 2.1 at the end of a day: started on its first such day, ended on the first day after (at the latest its closing date).</summary>
    LateForProgressStarted = 29,
    LateForProgressEnded = 30,

    /// <summary>On the receipt date, for a dossier received online of a procedure with a paper result and no electronic result: 3.3 does not count it online.</summary>
    OnlineWithoutElectronicResult = 31,

    /// <summary>On the receipt date, for a dossier of a procedure the catalogue lists a fee for (3.6's denominator).</summary>
    FeeBearingReceived = 32,

    /// <summary>On the receipt date, for such a dossier paid online (3.6's numerator).</summary>
    PaidOnlineFeeBearingReceived = 33,

    /// <summary>On the resolution date, for a dossier of a procedure with a paper result (4.1's denominator).</summary>
    PaperResultResolved = 34,

    /// <summary>On the resolution date, for such a dossier with an electronic result (4.1's numerator).</summary>
    PaperResultResolvedElectronically = 35,

    /// <summary>As <see cref="DigitizedReceived"/> and <see cref="DigitizedClosed"/>, for a digitized dossier of a procedure with a paper result and no electronic result: 4.2 does not count it.</summary>
    DigitizedWithoutElectronicResultReceived = 36,
    DigitizedWithoutElectronicResultClosed = 37,

    /// <summary>On the receipt date, for a dossier that reused digitized data (4.3).</summary>
    ReusedDataReceived = 38,

    /// <summary>On the resolution date, for a dossier with a processing time, by the unit it is given in (2.2): working days, working hours, days.</summary>
    TimedInWorkingDays = 39,
    TimedInWorkingHours = 40,
    TimedInCalendarDays = 41,

    /// <summary>On the resolution date, the processing time in thousandths of its unit: a sum, not a count (<see cref="DossierFacts.Amounts"/>).</summary>
    ProcessingTimeThousandths = 42,
}

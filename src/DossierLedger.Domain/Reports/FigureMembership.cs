using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// Every figure a report shows that counts dossiers: the Biểu 06 figures and rates of the period report, the cells of the
/// official Biểu 06, and the numerators and denominators of the QĐ 766 indicators. Each has a stable name
/// (<see cref="Figures.NameOf"/>), its path in the period report's JSON; <c>official.N</c> is the N-th cell of the
/// official table.
/// </summary>
public enum Figure
{
    ReceivedCarriedOver,
    ReceivedOnline,
    ReceivedDirect,
    ReceivedPostal,
    ReceivedNew,
    ReceivedDirectOrPostal,
    ReceivedTotal,
    ReceivedHandedIn,
    ResolvedEarly,
    ResolvedOnTime,
    ResolvedOverdue,
    ResolvedTotal,
    ClosedOtherWithdrawn,
    ClosedOtherStopped,
    ClosedOtherHandedOver,
    PendingTotal,
    PendingWithinDeadline,
    PendingOverdue,
    OnTimeRatioNumerator,
    OnTimeRatioDenominator,
    OnlineRatioNumerator,
    OnlineRatioDenominator,
    Official1,
    Official2,
    Official3,
    Official4,
    Official5,
    Official6,
    Official7,
    Official8,
    Official9,
    Official10,
    Official11,
    ProgressNumerator,
    ProgressDenominator,
    ProcessingTimeDossiers,
    OnlineReceptionNumerator,
    OnlineReceptionDenominator,
    OnlinePaymentNumerator,
    OnlinePaymentDenominator,
    ElectronicResultsNumerator,
    ElectronicResultsDenominator,
    DigitizationNumerator,
    DigitizationDenominator,
    DataReuseNumerator,
    DataReuseDenominator,
    OverdueRateNumerator,
    OverdueRateDenominator,
    ComplaintRateNumerator,
    ComplaintRateDenominator,
    DigitizedComponentsNumerator,
    DigitizedComponentsDenominator,
}

/// <summary>The names of the figures, as clients ask for them.</summary>
public static class Figures
{
    private static readonly Dictionary<Figure, string> Names = new()
    {
        [Figure.ReceivedCarriedOver] = "received.carriedOver",
        [Figure.ReceivedOnline] = "received.online",
        [Figure.ReceivedDirect] = "received.direct",
        [Figure.ReceivedPostal] = "received.postal",
        [Figure.ReceivedNew] = "received.new",
        [Figure.ReceivedDirectOrPostal] = "received.directOrPostal",
        [Figure.ReceivedTotal] = "received.total",
        [Figure.ReceivedHandedIn] = "received.handedIn",
        [Figure.ResolvedEarly] = "resolved.early",
        [Figure.ResolvedOnTime] = "resolved.onTime",
        [Figure.ResolvedOverdue] = "resolved.overdue",
        [Figure.ResolvedTotal] = "resolved.total",
        [Figure.ClosedOtherWithdrawn] = "closedOther.withdrawn",
        [Figure.ClosedOtherStopped] = "closedOther.stopped",
        [Figure.ClosedOtherHandedOver] = "closedOther.handedOver",
        [Figure.PendingTotal] = "pending.total",
        [Figure.PendingWithinDeadline] = "pending.withinDeadline",
        [Figure.PendingOverdue] = "pending.overdue",
        [Figure.OnTimeRatioNumerator] = "ratios.onTime.numerator",
        [Figure.OnTimeRatioDenominator] = "ratios.onTime.denominator",
        [Figure.OnlineRatioNumerator] = "ratios.online.numerator",
        [Figure.OnlineRatioDenominator] = "ratios.online.denominator",
        [Figure.Official1] = "official.1",
        [Figure.Official2] = "official.2",
        [Figure.Official3] = "official.3",
        [Figure.Official4] = "official.4",
        [Figure.Official5] = "official.5",
        [Figure.Official6] = "official.6",
        [Figure.Official7] = "official.7",
        [Figure.Official8] = "official.8",
        [Figure.Official9] = "official.9",
        [Figure.Official10] = "official.10",
        [Figure.Official11] = "official.11",
        [Figure.ProgressNumerator] = "quality.progress.numerator",
        [Figure.ProgressDenominator] = "quality.progress.denominator",
        [Figure.ProcessingTimeDossiers] = "quality.processingTime.dossiers",
        [Figure.OnlineReceptionNumerator] = "quality.onlineReception.numerator",
        [Figure.OnlineReceptionDenominator] = "quality.onlineReception.denominator",
        [Figure.OnlinePaymentNumerator] = "quality.onlinePayment.numerator",
        [Figure.OnlinePaymentDenominator] = "quality.onlinePayment.denominator",
        [Figure.ElectronicResultsNumerator] = "quality.electronicResults.numerator",
        [Figure.ElectronicResultsDenominator] = "quality.electronicResults.denominator",
        [Figure.DigitizationNumerator] = "quality.digitization.numerator",
        [Figure.DigitizationDenominator] = "quality.digitization.denominator",
        [Figure.DataReuseNumerator] = "quality.dataReuse.numerator",
        [Figure.DataReuseDenominator] = "quality.dataReuse.denominator",
        [Figure.OverdueRateNumerator] = "quality.satisfaction.overdueRate.numerator",
        [Figure.OverdueRateDenominator] = "quality.satisfaction.overdueRate.denominator",
        [Figure.ComplaintRateNumerator] = "quality.satisfaction.complaintRate.numerator",
        [Figure.ComplaintRateDenominator] = "quality.satisfaction.complaintRate.denominator",
        [Figure.DigitizedComponentsNumerator] = "quality.digitizedComponents.numerator",
        [Figure.DigitizedComponentsDenominator] = "quality.digitizedComponents.denominator",
    };

    private static readonly Dictionary<string, Figure> ByName = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    /// <summary>Every figure, in the order of <see cref="Figure"/>.</summary>
    public static IReadOnlyList<Figure> All { get; } = Enum.GetValues<Figure>();

    public static string NameOf(Figure figure) => Names[figure];

    /// <summary>The figure of that name (case-sensitive, as the report's JSON spells it); null for no figure.</summary>
    public static Figure? Find(string name) => ByName.TryGetValue(name, out var figure) ? figure : null;

    /// <summary>The official table's cell in column <paramref name="number"/> (1 to 11, <see cref="OfficialBieu06.Columns"/>).</summary>
    public static Figure OfficialCell(int number) =>
        number is >= 1 and <= 11 ? Figure.Official1 + (number - 1) : throw new ArgumentOutOfRangeException(nameof(number), number, null);
}

/// <summary>A set of <see cref="Figure"/>s, one bit each.</summary>
public readonly record struct FigureSet(ulong Bits)
{
    public bool Contains(Figure figure) => (Bits & Bit(figure)) != 0;

    public IEnumerable<Figure> Members => Figures.All.Where(Contains);

    internal static ulong Bit(Figure figure) => 1UL << (int)figure;
}

/// <summary>The range, the area and the folding a part of a dossier is counted for.</summary>
/// <param name="Covers">The units of the area; null for one unit's own figures, where a hand-over is always a departure and an arrival.</param>
public sealed record FigureScope(LocalDate From, LocalDate To, Func<string, bool>? Covers = null, Bieu06Folding Folding = Bieu06Folding.Peer);

/// <summary>
/// Which figures one part of a dossier (<see cref="DossierFacts"/>, one per authority that held it) counts in, for a range
/// over an area: the definitions of every figure, in one place. <see cref="PeriodFigures.FromDefinition"/>,
/// <see cref="QualityFigures.FromDefinition"/> and <see cref="ClosedOtherTimeliness.FromDefinition"/> count over it, and
/// the list of the dossiers behind a figure is the parts it holds.
/// </summary>
public static class FigureMembership
{
    public static FigureSet Of(DossierFacts d, FigureScope scope)
    {
        var (from, to, covers) = (scope.From, scope.To, scope.Covers);
        // Over an area holding both ends of a hand-over, the hand-over is neither a departure nor an arrival: the area
        // counts the dossier once, as if it had never changed hands.
        var arrivedFromInside = d.HandedInFrom is { } origin && covers?.Invoke(origin) == true;
        var leftForInside = d.HandedOverTo is { } destination && covers?.Invoke(destination) == true;
        var carriedOver = d.ReceivedOn < from && !(d.ClosedOn < from);
        var receivedInPeriod = d.ReceivedOn >= from && d.ReceivedOn <= to && !arrivedFromInside;
        var closedInPeriod = d.ClosedOn >= from && d.ClosedOn <= to && !leftForInside;
        var openAtEnd = d.ReceivedOn <= to && !(d.ClosedOn <= to);
        var bits = 0UL;
        void Add(Figure figure) => bits |= FigureSet.Bit(figure);
        void AddIf(bool condition, Figure figure) => bits |= condition ? FigureSet.Bit(figure) : 0;

        // Handled (QĐ 766's cohort, Biểu 06's total): carried over, or newly received.
        if (carriedOver || receivedInPeriod)
        {
            Add(Figure.ReceivedTotal);
            Add(Figure.Official1);
            Add(Figure.ProgressDenominator);
            Add(Figure.DigitizationDenominator);
            Add(Figure.DigitizedComponentsDenominator);
            AddIf(d.Digitized, Figure.DigitizedComponentsNumerator);
            AddIf(d.Digitized && !d.LacksElectronicResult, Figure.DigitizationNumerator);
        }

        if (carriedOver)
        {
            Add(Figure.ReceivedCarriedOver);
            Add(Figure.Official2);
        }

        if (receivedInPeriod)
        {
            Add(Figure.ReceivedNew);
            Add(Figure.OnlineRatioDenominator);
            Add(Figure.OnlineReceptionDenominator);
            Add(Figure.DataReuseDenominator);
            AddIf(d.HandedInFrom is not null, Figure.ReceivedHandedIn);
            switch (d.Channel)
            {
                case Channel.Online:
                    Add(Figure.ReceivedOnline);
                    Add(Figure.OnlineRatioNumerator);
                    Add(Figure.Official3);
                    AddIf(!d.LacksElectronicResult, Figure.OnlineReceptionNumerator);
                    break;
                case Channel.Postal:
                    Add(Figure.ReceivedPostal);
                    Add(Figure.ReceivedDirectOrPostal);
                    Add(Figure.Official4);
                    break;
                default: // a receipt without a channel is direct, as the counters take it (DossierFacts.Arrival)
                    Add(Figure.ReceivedDirect);
                    Add(Figure.ReceivedDirectOrPostal);
                    Add(Figure.Official4);
                    break;
            }

            AddIf(d.FeeBearing, Figure.OnlinePaymentDenominator);
            AddIf(d.FeeBearing && d.PaidOnline, Figure.OnlinePaymentNumerator);
            AddIf(d.ReusedData, Figure.DataReuseNumerator);
        }

        if (closedInPeriod)
        {
            // The official form counts every end of processing as resolved (Bieu06Folding).
            Add(Figure.Official5);
            switch (d.Closure)
            {
                case Closure.Resolved:
                    Add(Figure.ResolvedTotal);
                    Add(Figure.OnTimeRatioDenominator);
                    var timeliness = d.Timeliness ?? throw new InvalidOperationException($"Resolved on {d.ClosedOn} without a timeliness.");
                    Add(timeliness switch
                    {
                        Timeliness.Early => Figure.ResolvedEarly,
                        Timeliness.OnTime => Figure.ResolvedOnTime,
                        Timeliness.Overdue => Figure.ResolvedOverdue,
                        _ => throw new ArgumentOutOfRangeException(nameof(d), timeliness, "Unknown timeliness."),
                    });
                    AddIf(timeliness is Timeliness.Early or Timeliness.OnTime, Figure.OnTimeRatioNumerator);
                    Add(OfficialColumnOf(timeliness));
                    Add(Figure.OverdueRateDenominator);
                    Add(Figure.ComplaintRateDenominator);
                    AddIf(timeliness == Timeliness.Overdue, Figure.OverdueRateNumerator);
                    AddIf(d.Complaint, Figure.ComplaintRateNumerator);
                    AddIf(d.PaperResult, Figure.ElectronicResultsDenominator);
                    AddIf(d.PaperResult && d.ElectronicResult, Figure.ElectronicResultsNumerator);
                    AddIf(d.ProcessingTime is not null && d.TimeLimitUnit is not null, Figure.ProcessingTimeDossiers);
                    break;
                case Closure.Withdrawn or Closure.Stopped or Closure.HandedOver:
                    Add(d.Closure switch
                    {
                        Closure.Withdrawn => Figure.ClosedOtherWithdrawn,
                        Closure.Stopped => Figure.ClosedOtherStopped,
                        _ => Figure.ClosedOtherHandedOver,
                    });
                    Add(scope.Folding switch
                    {
                        Bieu06Folding.Peer => OfficialColumnOf(d.ClosingTimeliness!.Value),
                        Bieu06Folding.AsOnTime => Figure.Official7,
                        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope.Folding, "Unknown folding."),
                    });
                    break;
                case null:
                    throw new InvalidOperationException($"Closed on {d.ClosedOn} without saying how.");
                default:
                    throw new ArgumentOutOfRangeException(nameof(d), d.Closure, "Unknown closure.");
            }
        }

        if (openAtEnd)
        {
            Add(Figure.PendingTotal);
            Add(Figure.Official9);
            var overdue = d.OverdueOn <= to;
            Add(overdue ? Figure.PendingOverdue : Figure.PendingWithinDeadline);
            Add(overdue ? Figure.Official11 : Figure.Official10);
        }

        // 2.1: the end of processing is the closing; a dossier still waiting for a supplement ends at the request, late
        // if that was a second request or came after the due date; any other open one ends on the period's last day.
        var endedInTime = closedInPeriod
            ? d.ClosedInTime
            : openAtEnd && (d.AwaitingSupplementSince is { } requested && requested <= to
                ? d.AwaitedSupplementRequest <= 1 && !(requested > d.OverdueOn)
                : !(d.OverdueOn < to));
        AddIf(endedInTime, Figure.ProgressNumerator);
        return new FigureSet(bits);
    }

    /// <summary>
    /// Where the parts <paramref name="figure"/> counts over [<paramref name="from"/>, <paramref name="to"/>] lie in receipt
    /// and closing dates: a necessary condition of <see cref="Of"/>, so the list behind a figure can be read from an index
    /// of the two dates instead of from every part. Which parts in it count is still <see cref="Of"/>'s to say.
    /// </summary>
    public static FigureWindow WindowOf(Figure figure, LocalDate from, LocalDate to) => figure switch
    {
        Figure.ReceivedOnline or Figure.ReceivedDirect or Figure.ReceivedPostal or Figure.ReceivedNew or Figure.ReceivedDirectOrPostal
            or Figure.ReceivedHandedIn or Figure.OnlineRatioNumerator or Figure.OnlineRatioDenominator or Figure.Official3 or Figure.Official4
            or Figure.OnlineReceptionNumerator or Figure.OnlineReceptionDenominator or Figure.OnlinePaymentNumerator
            or Figure.OnlinePaymentDenominator or Figure.DataReuseNumerator or Figure.DataReuseDenominator
            => new FigureWindow(from, to, from, null),
        Figure.ReceivedCarriedOver or Figure.Official2 => new FigureWindow(null, from.PlusDays(-1), from, null),
        // Handled (carried over or received), and 2.1's numerator (closed in the period, or open at its end).
        Figure.ReceivedTotal or Figure.Official1 or Figure.ProgressNumerator or Figure.ProgressDenominator or Figure.DigitizationNumerator
            or Figure.DigitizationDenominator or Figure.DigitizedComponentsNumerator or Figure.DigitizedComponentsDenominator
            => new FigureWindow(null, to, from, null),
        Figure.ResolvedEarly or Figure.ResolvedOnTime or Figure.ResolvedOverdue or Figure.ResolvedTotal or Figure.ClosedOtherWithdrawn
            or Figure.ClosedOtherStopped or Figure.ClosedOtherHandedOver or Figure.OnTimeRatioNumerator or Figure.OnTimeRatioDenominator
            or Figure.Official5 or Figure.Official6 or Figure.Official7 or Figure.Official8 or Figure.ProcessingTimeDossiers
            or Figure.ElectronicResultsNumerator or Figure.ElectronicResultsDenominator or Figure.OverdueRateNumerator
            or Figure.OverdueRateDenominator or Figure.ComplaintRateNumerator or Figure.ComplaintRateDenominator
            => new FigureWindow(null, to, from, to),
        Figure.PendingTotal or Figure.PendingWithinDeadline or Figure.PendingOverdue or Figure.Official9 or Figure.Official10 or Figure.Official11
            => new FigureWindow(null, to, to.PlusDays(1), null),
        _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, "Unknown figure."),
    };

    /// <summary>Where a part that counts in any figure of [<paramref name="from"/>, <paramref name="to"/>] lies: the union of every figure's window.</summary>
    public static FigureWindow AnyFigureWindow(LocalDate from, LocalDate to) => new(null, to, from, null);

    /// <summary>The official table's resolved column for an end of processing judged so.</summary>
    private static Figure OfficialColumnOf(Timeliness timeliness) => timeliness switch
    {
        Timeliness.Early => Figure.Official6,
        Timeliness.OnTime => Figure.Official7,
        Timeliness.Overdue => Figure.Official8,
        _ => throw new ArgumentOutOfRangeException(nameof(timeliness), timeliness, null),
    };
}

/// <summary>
/// A box in receipt and closing dates (<see cref="FigureMembership.WindowOf"/>): received from <see cref="ReceivedFrom"/>
/// (any date when null) to <see cref="ReceivedTo"/>, closed from <see cref="ClosedFrom"/> to <see cref="ClosedTo"/>, where a
/// part still open closes never: it is after any <see cref="ClosedFrom"/> and within no <see cref="ClosedTo"/>.
/// </summary>
public sealed record FigureWindow(LocalDate? ReceivedFrom, LocalDate ReceivedTo, LocalDate ClosedFrom, LocalDate? ClosedTo);

/// <summary>How many parts each figure holds: what a figure is, counted part by part.</summary>
public sealed class FigureCounts
{
    private readonly long[] _counts = new long[Figures.All.Count];

    public long this[Figure figure] => _counts[(int)figure];

    public void Add(FigureSet members)
    {
        for (var bits = members.Bits; bits != 0; bits &= bits - 1)
        {
            _counts[System.Numerics.BitOperations.TrailingZeroCount(bits)]++;
        }
    }

    public static FigureCounts Of(IEnumerable<DossierFacts> parts, FigureScope scope)
    {
        var counts = new FigureCounts();
        foreach (var part in parts)
        {
            counts.Add(FigureMembership.Of(part, scope));
        }

        return counts;
    }
}

using DossierLedger.Domain.Reports;
using static System.FormattableString;

namespace DossierLedger.Domain.Reconciliation;

/// <summary>
/// A figure as a person typed it into a report sent upward: the figure's name — the period report's JSON path
/// (<c>received.online</c>, <c>resolved.early</c>, <c>rates.onTime</c>…) or a name the ledger does not compute
/// (<c>electronicDocuments</c>) — its value as typed, and where in the report it stands (<c>text</c>, <c>appendix 1.3</c>).
/// Rates are typed in percent, as reports print them.
/// </summary>
public sealed record TypedFigure(string Figure, decimal Value, string? Where = null);

/// <summary>A typed figure beside the ledger's: null where the ledger does not compute it.</summary>
/// <param name="Ledger">The ledger's value (a rate in percent).</param>
/// <param name="Difference">Typed less the ledger's.</param>
public sealed record FigureComparison(string Figure, string? Where, decimal Typed, decimal? Ledger, decimal? Difference, bool? Agrees);

/// <summary>An identity the typed report breaks by itself, with the figures that break it.</summary>
/// <param name="Rule">A stable name: <see cref="TypedReport.TypedTwice"/>, <see cref="TypedReport.SumMismatch"/>, <see cref="TypedReport.RateMismatch"/>, <see cref="TypedReport.RateOutOfRange"/>.</param>
public sealed record BrokenIdentity(string Rule, string Detail, IReadOnlyList<TypedFigure> Figures);

/// <summary>
/// The checks a hand-typed report (báo cáo nhập tay) must pass on its own, before any comparison with the ledger: a figure
/// typed twice must agree with itself, totals must be the sum of their parts, and a rate must be the ratio of the counts
/// it is printed beside. The seed commune's report of April 2025 breaks each of them (an electronic-document count typed
/// as 5326 and 5236, counts printed in percent columns, an on-time rate of 100 % where 15021/15022 is 99.99 %).
/// </summary>
public static class TypedReport
{
    public const string TypedTwice = "typed-twice-differently";
    public const string SumMismatch = "sum-mismatch";
    public const string RateMismatch = "rate-mismatch";
    public const string RateOutOfRange = "rate-out-of-range";

    /// <summary>
    /// The sums of the period report: a total and its parts. A part the report leaves out counts as 0 when it is one the
    /// official form has no column for (withdrawn, stopped and handed-over dossiers are folded into "resolved" there).
    /// </summary>
    private static readonly (string Total, string[] Parts)[] Sums =
    [
        ("received.total", ["received.carriedOver", "received.new"]),
        ("received.new", ["received.online", "received.directOrPostal"]),
        ("received.directOrPostal", ["received.direct", "received.postal"]),
        ("resolved.total", ["resolved.early", "resolved.onTime", "resolved.overdue"]),
        ("pending.total", ["pending.withinDeadline", "pending.overdue"]),
        ("received.total", ["resolved.total", "closedOther.withdrawn", "closedOther.stopped", "closedOther.handedOver", "pending.total"]),
    ];

    private static readonly HashSet<string> FoldedOnTheForm = ["closedOther.withdrawn", "closedOther.stopped", "closedOther.handedOver"];

    /// <summary>The rates of the period report (typed in percent), each computed from the counts it needs by the report's own definition.</summary>
    private static readonly (string Rate, string[] Counts, Func<long[], Ratio> Of)[] Rates =
    [
        ("rates.onTime", ["resolved.early", "resolved.onTime", "resolved.total"], c => PeriodFigures.OnTimeRateOf(c[0], c[1], c[2])),
        ("rates.online", ["received.online", "received.new"], c => PeriodFigures.OnlineRateOf(c[0], c[1])),
    ];

    /// <summary>Every identity <paramref name="figures"/> break, in the order of the rules above.</summary>
    public static IReadOnlyList<BrokenIdentity> Check(IReadOnlyList<TypedFigure> figures)
    {
        var broken = new List<BrokenIdentity>();
        foreach (var twice in figures.GroupBy(f => f.Figure).Where(g => g.Select(f => f.Value).Distinct().Count() > 1))
        {
            broken.Add(new(TypedTwice, $"{twice.Key} is typed as {string.Join(" and ", twice.Select(Show))}.", [.. twice]));
        }

        var first = figures.GroupBy(f => f.Figure).ToDictionary(g => g.Key, g => g.First());
        broken.AddRange(Sums.Select(sum => CheckSum(first, sum.Total, sum.Parts)).OfType<BrokenIdentity>());
        foreach (var (rate, counts, of) in Rates)
        {
            if (first.GetValueOrDefault(rate) is { } typed)
            {
                broken.AddRange(typed.Value is < 0 or > 100
                    ? [new(RateOutOfRange, $"{rate} is typed as {Show(typed)}, outside 0–100 %: a count in a percent column?", [typed])]
                    : CheckRate(first, typed, counts, of) is { } mismatch ? [mismatch] : []);
            }
        }

        return broken;
    }

    private static BrokenIdentity? CheckSum(Dictionary<string, TypedFigure> typed, string total, string[] parts)
    {
        if (typed.GetValueOrDefault(total) is not { } whole || parts.Any(p => !typed.ContainsKey(p) && !FoldedOnTheForm.Contains(p)))
        {
            return null;
        }

        var present = parts.Where(typed.ContainsKey).Select(p => typed[p]).ToList();
        var sum = present.Sum(p => p.Value);
        return sum == whole.Value
            ? null
            : new(SumMismatch, Invariant($"{total} is typed as {Show(whole)}, but {string.Join(" + ", present.Select(Named))} = {sum}."), [whole, .. present]);
    }

    /// <summary>
    /// A typed rate must agree (<see cref="RateAgrees"/>) with the ratio of the counts typed beside it.
    /// </summary>
    private static BrokenIdentity? CheckRate(Dictionary<string, TypedFigure> typed, TypedFigure rate, string[] names, Func<long[], Ratio> of)
    {
        if (names.Any(n => !typed.ContainsKey(n)))
        {
            return null;
        }

        var counts = names.Select(n => typed[n]).ToList();
        var ratio = of([.. counts.Select(c => (long)c.Value)]);
        if (ratio.Denominator == 0)
        {
            return null;
        }

        var exact = ratio.Numerator * 100m / ratio.Denominator;
        return RateAgrees(rate.Value, exact)
            ? null
            : new(RateMismatch, Invariant(
                $"{rate.Figure} is typed as {rate.Value} %{(rate.Where is null ? "" : $" ({rate.Where})")}, but {ratio.Numerator} of {ratio.Denominator} ({string.Join(", ", counts.Select(Named))}) is {exact:0.##} %."),
                [rate, .. counts]);
    }

    /// <summary>Whether a figure is a rate, typed in percent (the period report's <c>rates.*</c>, which it gives as fractions).</summary>
    public static bool IsRate(string figure) => figure.StartsWith("rates.", StringComparison.Ordinal);

    /// <summary>
    /// A typed rate agrees with an exact one when it is that rate rounded to as many decimals as were typed; 100 % and 0 %
    /// must be exact, since a rate rounded up to 100 % claims that every dossier counted (15021/15022 is not 100 %).
    /// </summary>
    public static bool RateAgrees(decimal typedPercent, decimal exactPercent) => typedPercent switch
    {
        100 or 0 => exactPercent == typedPercent,
        _ => Math.Round(exactPercent, typedPercent.Scale, MidpointRounding.AwayFromZero) == typedPercent,
    };

    /// <summary>
    /// Each typed figure beside the ledger's (<paramref name="ledger"/>: the period report's value at the figure's JSON
    /// path, null when the ledger does not compute it): the difference, and whether they agree — a count exactly, a rate
    /// by <see cref="RateAgrees"/>.
    /// </summary>
    public static IReadOnlyList<FigureComparison> Compare(IReadOnlyList<TypedFigure> figures, Func<string, decimal?> ledger) =>
    [
        .. figures.Select(typed =>
        {
            var computed = ledger(typed.Figure) * (IsRate(typed.Figure) ? 100 : 1);
            return computed is not { } value
                ? new FigureComparison(typed.Figure, typed.Where, typed.Value, null, null, null)
                : new FigureComparison(typed.Figure, typed.Where, typed.Value, value, typed.Value - value,
                    IsRate(typed.Figure) ? RateAgrees(typed.Value, value) : typed.Value == value);
        }),
    ];

    /// <summary>A value as typed, with where it was typed.</summary>
    private static string Show(TypedFigure figure) =>
        figure.Where is null ? Invariant($"{figure.Value}") : Invariant($"{figure.Value} ({figure.Where})");

    /// <summary>A figure and its value as typed.</summary>
    private static string Named(TypedFigure figure) => $"{figure.Figure} {Show(figure)}";
}

using DossierLedger.Domain.Reports;
using static System.FormattableString;

namespace DossierLedger.Domain.Reconciliation;

/// <summary>
/// A figure as a person typed it into a report sent upward: the figure's name — the period report's JSON path
/// (<c>received.online</c>, <c>resolved.early</c>, <c>rates.onTime</c>…) or a name the ledger does not compute
/// (<c>electronicDocuments</c>) — its value as typed, and where in the report it stands (<c>text</c>, <c>appendix 1.3</c>).
/// Rates are typed in percent, as reports print them. A cell of the official Biểu 06 (<c>official.N</c>) typed in a row of
/// the table other than the total names that row (<see cref="Row"/>, <see cref="OfficialRows"/>).
/// </summary>
/// <param name="Row">The row of the official table the figure stands in; null for the report as a whole (the total row).</param>
public sealed record TypedFigure(string Figure, decimal Value, string? Where = null, string? Row = null);

/// <summary>A typed figure beside the ledger's: null where the ledger does not compute it.</summary>
/// <param name="Ledger">The ledger's value (a rate in percent).</param>
/// <param name="Difference">Typed less the ledger's.</param>
public sealed record FigureComparison(string Figure, string? Row, string? Where, decimal Typed, decimal? Ledger, decimal? Difference, bool? Agrees);

/// <summary>
/// The rows of the official Biểu 06 as a typed report names them: a path of codes from the level down, <c>commune</c>,
/// <c>commune/BTXH</c>, <c>commune/BTXH/1.004873</c> (codes hold no '/'); the total row is no row (null), and holds the
/// levels. A row's cells are the sum of the cells of the rows under it.
/// </summary>
public static class OfficialRows
{
    public const char Separator = '/';

    /// <summary>The row a row sits under: a procedure's field, a field's level; null (the total) for a level.</summary>
    public static string? Parent(string row) => row.LastIndexOf(Separator) is var at and >= 0 ? row[..at] : null;

    public static string Child(string? row, string code) => row is null ? code : $"{row}{Separator}{code}";

    /// <summary>
    /// How the dossiers behind a row are narrowed (the figure drill-down's <c>field</c> and <c>procedure</c>): the total none,
    /// a field's row by field, a procedure's by procedure; a level's row has no narrowing of its own (null).
    /// </summary>
    public static (string? Field, string? Procedure)? Narrowing(string? row) => row?.Split(Separator) switch
    {
        null => (null, null),
        [_, var field] => (field, null),
        [_, _, var procedure] => (null, procedure),
        _ => null,
    };
}

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
        // The official Biểu 06, by column number (OfficialBieu06.Columns), in every row of the table.
        ("official.1", ["official.2", "official.3", "official.4"]),
        ("official.1", ["official.5", "official.9"]),
        ("official.5", ["official.6", "official.7", "official.8"]),
        ("official.9", ["official.10", "official.11"]),
        ("received.total", ["received.carriedOver", "received.new"]),
        ("received.new", ["received.online", "received.directOrPostal"]),
        ("received.directOrPostal", ["received.direct", "received.postal"]),
        ("resolved.total", ["resolved.early", "resolved.onTime", "resolved.overdue"]),
        ("pending.total", ["pending.withinDeadline", "pending.overdue"]),
        ("received.total", ["resolved.total", "closedOther.withdrawn", "closedOther.stopped", "closedOther.handedOver", "pending.total"]),
    ];

    private static readonly HashSet<string> FoldedOnTheForm = ["closedOther.withdrawn", "closedOther.stopped", "closedOther.handedOver"];

    /// <summary>
    /// The rates of the period report (typed in percent), each computed from the counts it needs by the report's own
    /// definition: from the period report's counts when they are typed, else from the official table's total row (a Biểu 06
    /// file, whose resolved columns hold withdrawn and stopped dossiers as its folding counts them).
    /// </summary>
    private static readonly (string Rate, string[] Counts, Func<long[], Ratio> Of)[] Rates =
    [
        ("rates.onTime", ["resolved.early", "resolved.onTime", "resolved.total"], c => PeriodFigures.OnTimeRateOf(c[0], c[1], c[2])),
        ("rates.onTime", ["official.6", "official.7", "official.5"], c => PeriodFigures.OnTimeRateOf(c[0], c[1], c[2])),
        ("rates.online", ["received.online", "received.new"], c => PeriodFigures.OnlineRateOf(c[0], c[1])),
        ("rates.online", ["official.3", "official.4"], c => PeriodFigures.OnlineRateOf(c[0], c[0] + c[1])),
    ];

    /// <summary>Every identity <paramref name="figures"/> break, in the order of the rules above, row by row of the official table.</summary>
    public static IReadOnlyList<BrokenIdentity> Check(IReadOnlyList<TypedFigure> figures)
    {
        var broken = new List<BrokenIdentity>();
        foreach (var twice in figures.GroupBy(f => (f.Row, f.Figure)).Where(g => g.Select(f => f.Value).Distinct().Count() > 1))
        {
            broken.Add(new(TypedTwice, $"{Label(twice.First())} is typed as {string.Join(" and ", twice.Select(Show))}.", [.. twice]));
        }

        var rows = figures.GroupBy(f => f.Row)
            .ToDictionary(r => r.Key ?? "", r => r.GroupBy(f => f.Figure).ToDictionary(g => g.Key, g => g.First()));
        foreach (var row in rows.Values)
        {
            broken.AddRange(Sums.Select(sum => CheckSum(row, sum.Total, sum.Parts)).OfType<BrokenIdentity>());
        }

        broken.AddRange(CheckRowSums(figures, rows));
        var total = rows.GetValueOrDefault("") ?? [];
        foreach (var rate in Rates.Select(r => r.Rate).Distinct())
        {
            if (total.GetValueOrDefault(rate) is { } typed)
            {
                var counts = Rates.FirstOrDefault(r => r.Rate == rate && r.Counts.All(total.ContainsKey));
                broken.AddRange(typed.Value is < 0 or > 100
                    ? [new(RateOutOfRange, $"{rate} is typed as {Show(typed)}, outside 0–100 %: a count in a percent column?", [typed])]
                    : counts.Counts is not null && CheckRate(total, typed, counts.Counts, counts.Of) is { } mismatch ? [mismatch] : []);
            }
        }

        return broken;
    }

    /// <summary>
    /// In the official table, each cell of a row that has rows under it must be the sum of theirs: a field of its
    /// procedures, a level of its fields, the total of its levels.
    /// </summary>
    private static IEnumerable<BrokenIdentity> CheckRowSums(IReadOnlyList<TypedFigure> figures, Dictionary<string, Dictionary<string, TypedFigure>> rows)
    {
        var children = rows.Keys.Where(r => r.Length > 0).GroupBy(r => OfficialRows.Parent(r) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (row, under) in children.Where(c => rows.ContainsKey(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            foreach (var whole in figures.Where(f => (f.Row ?? "") == row && OfficialCell(f.Figure)).DistinctBy(f => f.Figure))
            {
                if (under.Any(r => !rows[r].ContainsKey(whole.Figure)))
                {
                    continue;
                }

                var parts = under.Select(r => rows[r][whole.Figure]).ToList();
                var sum = parts.Sum(p => p.Value);
                if (sum != whole.Value)
                {
                    yield return new(SumMismatch, Invariant(
                        $"{Label(whole)} is typed as {Show(whole)}, but the {parts.Count} rows under it sum to {sum}: {string.Join(" + ", parts.Select(p => $"{p.Row} {Show(p)}"))}."),
                        [whole, .. parts]);
                }
            }
        }
    }

    /// <summary>Whether a figure is a cell of the official table (<c>official.N</c>), which every row of it has.</summary>
    public static bool OfficialCell(string figure) => figure.StartsWith("official.", StringComparison.Ordinal);

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
            : new(SumMismatch, Invariant($"{Label(whole)} is typed as {Show(whole)}, but {string.Join(" + ", present.Select(Named))} = {sum}."), [whole, .. present]);
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
    /// Each typed figure beside the ledger's (<paramref name="ledger"/>: the ledger's value of the figure in its row, null
    /// when the ledger does not compute it): the difference, and whether they agree — a count exactly, a rate by
    /// <see cref="RateAgrees"/>.
    /// </summary>
    public static IReadOnlyList<FigureComparison> Compare(IReadOnlyList<TypedFigure> figures, Func<TypedFigure, decimal?> ledger) =>
    [
        .. figures.Select(typed =>
        {
            var computed = ledger(typed) * (IsRate(typed.Figure) ? 100 : 1);
            return computed is not { } value
                ? new FigureComparison(typed.Figure, typed.Row, typed.Where, typed.Value, null, null, null)
                : new FigureComparison(typed.Figure, typed.Row, typed.Where, typed.Value, value, typed.Value - value,
                    IsRate(typed.Figure) ? RateAgrees(typed.Value, value) : typed.Value == value);
        }),
    ];

    /// <summary>
    /// A difference small enough that the receipt numbers of the dossiers behind the ledger's figure are worth listing beside
    /// it, so that a builder finds the ones missed or counted twice; a larger one is explained by the figure's list alone.
    /// </summary>
    public const int ReceiptsListedUpTo = 20;

    /// <summary>The receipt numbers are listed only when the ledger's figure counts at most this many (a page of the figure's list).</summary>
    public const int ReceiptsListedOfAtMost = 1_000;

    /// <summary>
    /// Whether the dossiers behind the ledger's figure explain a difference: a count the figure drill-down knows
    /// (<see cref="Figures.Find"/>) that disagrees, in the total row or a field's or procedure's row (a level's row has no
    /// narrowing of its own).
    /// </summary>
    public static bool IsExplainedByDossiers(FigureComparison compared) =>
        compared.Agrees == false && Figures.Find(compared.Figure) is not null && OfficialRows.Narrowing(compared.Row) is not null;

    /// <summary>Whether the receipt numbers are listed beside the difference (<see cref="ReceiptsListedUpTo"/>, <see cref="ReceiptsListedOfAtMost"/>).</summary>
    public static bool ListsReceipts(FigureComparison compared) =>
        IsExplainedByDossiers(compared) && Math.Abs(compared.Difference!.Value) <= ReceiptsListedUpTo && compared.Ledger <= ReceiptsListedOfAtMost;

    /// <summary>A value as typed, with where it was typed.</summary>
    private static string Show(TypedFigure figure) =>
        figure.Where is null ? Invariant($"{figure.Value}") : Invariant($"{figure.Value} ({figure.Where})");

    /// <summary>A figure and its value as typed.</summary>
    private static string Named(TypedFigure figure) => $"{figure.Figure} {Show(figure)}";

    /// <summary>A figure, with its row of the official table when it is not the total's.</summary>
    private static string Label(TypedFigure figure) => figure.Row is null ? figure.Figure : $"{figure.Figure} of {figure.Row}";
}

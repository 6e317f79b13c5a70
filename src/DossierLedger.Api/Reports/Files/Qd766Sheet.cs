namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// The QĐ 766 table (<see cref="Qd766View"/>) as a file: a row per indicator with its numerator, denominator, factor,
/// value, target and the share of its points reached; rates as percentages, the processing time (2.2) in its own unit.
/// </summary>
public static class Qd766Sheet
{
    private static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("Chỉ số", 8, ValueFormat.Text),
        new("Tên chỉ số", 32, ValueFormat.Text),
        new("Tử số", 12, ValueFormat.Count),
        new("Mẫu số", 12, ValueFormat.Count),
        new("Hệ số", 8, ValueFormat.Fraction),
        new("Giá trị", 12, ValueFormat.Percent),
        new("Đơn vị", 14, ValueFormat.Text),
        new("Chỉ tiêu", 10, ValueFormat.Percent),
        new("Mức đạt", 10, ValueFormat.Percent),
        new("Ghi chú", 44, ValueFormat.Text),
    ];

    public static ReportSheet Of(Qd766View table)
    {
        IReadOnlyList<HeadingLine> heading =
        [
            new(Qd766View.Title, HeadingStyle.Title),
            new($"Đơn vị: {Bieu06Printer.UnitOf(table.Unit, table.UnitName)}", HeadingStyle.Centred),
            new($"Kỳ đánh giá: từ {Bieu06Printer.Date(table.From)} đến {Bieu06Printer.Date(table.To)}", HeadingStyle.Centred),
        ];
        IReadOnlyList<HeaderCell> header =
        [
            .. Columns.Select((c, i) => new HeaderCell(0, i, c.Title)),
            .. Columns.Select((_, i) => new HeaderCell(1, i, $"({i + 1})")),
        ];
        return new ReportSheet("QĐ 766", heading, Columns, header, table.Indicators.Select(Row).ToAsyncEnumerable());
    }

    /// <summary>A rate's numerator and value as a percentage; a time's (2.2) as a number with two decimals.</summary>
    private static SheetRow Row(IndicatorRow indicator)
    {
        var isRate = indicator.Unit == Qd766View.Percent;
        return new SheetRow(
            [
                indicator.Code, indicator.Name, indicator.Numerator, indicator.Denominator, indicator.Factor, indicator.Value, indicator.Unit,
                indicator.Target, indicator.Achievement, indicator.Note,
            ],
            Formats: isRate ? null : [null, null, ValueFormat.Fraction, null, null, ValueFormat.Fraction]);
    }
}

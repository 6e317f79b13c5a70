using DossierLedger.Domain.Reports;

namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// The official Biểu 06 (<see cref="OfficialBieu06View"/>) as a file: the form's heading; a hidden code column (the level,
/// field or procedure code, for machine readers of the CSV); the row-label column; the numbered data columns under their
/// groups and sub-groups, as the view's column table gives them; rows level (I, II, …) → field (1, 2, …) → procedure
/// (1.1, …), indented and outlined; the total. <see cref="Bieu06SheetReader"/> reads a file of this layout back.
/// </summary>
public static class Bieu06Sheet
{
    /// <summary>The column of each row's code: a level's, a field's or a procedure's, or <see cref="TotalCode"/>.</summary>
    public const int CodeColumn = 0;

    public const int LabelColumn = 1;

    /// <summary>The first data column: the official columns follow in their order.</summary>
    public const int DataStart = 2;

    public const string TotalCode = "total";

    /// <summary>The columns of the sheet: the code, the row label, then each official column titled <c>(n) - group - sub-group - label</c>.</summary>
    public static IReadOnlyList<SheetColumn> ColumnsOf(IReadOnlyList<OfficialColumnView> columns) =>
    [
        new("Mã", 14, ValueFormat.Text, Hidden: true),
        new(OfficialBieu06.RowHeader, 56, ValueFormat.Text),
        .. columns.Select(c => new SheetColumn(
            string.Join(" - ", new[] { Numbered(c), c.Group, c.SubGroup, c.Label }.OfType<string>()), 11, ValueFormat.Count)),
    ];

    /// <summary>A column's number as the numbered row under the header shows it, <c>(1)</c>.</summary>
    public static string Numbered(OfficialColumnView column) => $"({column.Number})";

    public static ReportSheet Of(Bieu06View table)
    {
        var official = table.Official;
        var columns = official.Columns;
        IReadOnlyList<HeadingLine> heading =
        [
            new(official.Form, HeadingStyle.Form),
            new(official.Title, HeadingStyle.Title),
            new($"Đơn vị: {Bieu06Printer.UnitOf(official.UnitCode, official.UnitName)}", HeadingStyle.Centred),
            new($"Kỳ báo cáo: từ {Bieu06Printer.Date(table.From)} đến {Bieu06Printer.Date(table.To)}", HeadingStyle.Centred),
            new($"Đơn vị tính: {official.UnitOfMeasure}", HeadingStyle.Note),
        ];
        return new ReportSheet("Biểu 06", heading, ColumnsOf(columns), Header(official), Rows(official).ToAsyncEnumerable());
    }

    /// <summary>
    /// Three rows of header and the numbered row: a group over its columns; under it either a sub-group over its columns
    /// with their labels below, or a column's label over both rows; the row-label heading down the left.
    /// </summary>
    private static List<HeaderCell> Header(OfficialBieu06View official)
    {
        var columns = official.Columns;
        var cells = new List<HeaderCell> { new(0, LabelColumn, official.RowHeader, RowSpan: 3) };
        foreach (var group in Runs(columns, 0, columns.Count, c => c.Group))
        {
            cells.Add(new HeaderCell(0, DataStart + group.First, group.Key!, ColumnSpan: group.Count));
            foreach (var block in Runs(columns, group.First, group.Count, c => c.SubGroup))
            {
                if (block.Key is null)
                {
                    cells.AddRange(Enumerable.Range(block.First, block.Count).Select(i => new HeaderCell(1, DataStart + i, columns[i].Label, RowSpan: 2)));
                }
                else
                {
                    cells.Add(new HeaderCell(1, DataStart + block.First, block.Key, ColumnSpan: block.Count));
                    cells.AddRange(Enumerable.Range(block.First, block.Count).Select(i => new HeaderCell(2, DataStart + i, columns[i].Label)));
                }
            }
        }

        cells.AddRange(columns.Select((c, i) => new HeaderCell(3, DataStart + i, Numbered(c))));
        return cells;
    }

    /// <summary>Runs of neighbouring columns from <paramref name="first"/> sharing a key.</summary>
    private static IEnumerable<(string? Key, int First, int Count)> Runs(
        IReadOnlyList<OfficialColumnView> columns, int first, int count, Func<OfficialColumnView, string?> key)
    {
        for (int i = first, span; i < first + count; i += span)
        {
            span = 1;
            while (i + span < first + count && key(columns[i + span]) == key(columns[i]))
            {
                span++;
            }

            yield return (key(columns[i]), i, span);
        }
    }

    private static IEnumerable<SheetRow> Rows(OfficialBieu06View official)
    {
        var level = 0;
        foreach (var l in official.Levels)
        {
            yield return Row(l.Level, $"{Bieu06Printer.Roman(++level)}. {l.Name}", l.Cells, bold: true, depth: 0);
            var field = 0;
            foreach (var f in l.Fields)
            {
                yield return Row(f.FieldCode, $"{++field}. {f.FieldName ?? f.FieldCode}", f.Cells, bold: true, depth: 1);
                var procedure = 0;
                foreach (var p in f.Procedures)
                {
                    yield return Row(p.ProcedureCode, $"{field}.{++procedure}. {p.ProcedureName ?? p.ProcedureCode}", p.Cells, bold: false, depth: 2);
                }
            }
        }

        yield return Row(TotalCode, "Tổng cộng", official.Total.Cells, bold: true, depth: 0);
    }

    private static SheetRow Row(string code, string label, IReadOnlyList<long> cells, bool bold, int depth) =>
        new([code, label, .. cells.Select(c => (object?)c)], bold, depth);
}

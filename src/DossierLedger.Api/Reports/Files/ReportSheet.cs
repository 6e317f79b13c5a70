using NodaTime;

namespace DossierLedger.Api.Reports.Files;

/// <summary>How a column's numbers and dates are shown in a spreadsheet (a CSV writes the plain value).</summary>
public enum ValueFormat
{
    Text,

    /// <summary>A whole number with thousands separators.</summary>
    Count,

    /// <summary>A number with two decimals.</summary>
    Fraction,

    /// <summary>A share shown as a percentage with two decimals (the value is the fraction).</summary>
    Percent,
    DateTime,

    /// <summary>A day, without a time.</summary>
    Date,
}

/// <summary>
/// A column of a file: its title when the file has a single header row (CSV), its width in characters and format in a
/// spreadsheet, and whether a spreadsheet hides it (a code a machine reader wants and the printed form has no place for).
/// </summary>
public sealed record SheetColumn(string Title, double Width, ValueFormat Format, bool Hidden = false);

/// <summary>A cell of the spreadsheet's header grid, spanning rows and columns from (<see cref="Row"/>, <see cref="Column"/>), both from 0.</summary>
public sealed record HeaderCell(int Row, int Column, string Text, int RowSpan = 1, int ColumnSpan = 1);

public enum HeadingStyle
{
    /// <summary>The form's number, top left.</summary>
    Form,

    /// <summary>The title, bold and centred.</summary>
    Title,

    /// <summary>Unit and period, centred.</summary>
    Centred,

    /// <summary>The unit of measure, italic, on the right.</summary>
    Note,
}

/// <summary>A line of the block above the table, merged across the printed columns.</summary>
public sealed record HeadingLine(string Text, HeadingStyle Style);

/// <summary>
/// A row of data: its cells in column order (null, string, long, decimal, double, a <see cref="LocalDateTime"/> or a <see cref="LocalDate"/>); a
/// bold row is a level or a total; <see cref="Depth"/> indents the first printed column and groups the row under the
/// ones above it (Excel's outline). <see cref="Formats"/> overrides the column's format cell by cell.
/// </summary>
public sealed record SheetRow(IReadOnlyList<object?> Cells, bool Bold = false, int Depth = 0, IReadOnlyList<ValueFormat?>? Formats = null)
{
    public ValueFormat FormatOf(int column, SheetColumn of) => Formats is { } formats && column < formats.Count && formats[column] is { } format ? format : of.Format;
}

/// <summary>
/// A table as the files show it: the sheet's name, the heading block, the header grid (spreadsheet only; a CSV has one
/// row of <see cref="SheetColumn.Title"/>s), the columns and the rows, which may be read as they are written.
/// </summary>
public sealed record ReportSheet(
    string Name, IReadOnlyList<HeadingLine> Heading, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<HeaderCell> Header,
    IAsyncEnumerable<SheetRow> Rows)
{
    public int HeaderRows => Header.Count == 0 ? 0 : Header.Max(c => c.Row + c.RowSpan);
}

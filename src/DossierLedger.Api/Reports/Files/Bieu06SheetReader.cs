using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DossierLedger.Api.Http;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reconciliation;
using DossierLedger.Domain.Reports;

namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// Reads a Biểu 06 file filled in by hand — the ledger's own XLSX or CSV (<see cref="Bieu06Sheet"/>) used as the template —
/// back into typed figures: each cell of the table as <c>official.N</c> in its row (<see cref="OfficialRows"/>), where it
/// stands its cell's reference (<c>C12</c>). Below the total row, lines outside the table may name any other figure: the
/// code column names it, the label says where it was typed, the first data column holds its value.
/// <para>
/// An XLSX is its first worksheet; the table starts under the numbered row (1) … (11). A CSV is UTF-8 (with or without
/// a byte-order mark), RFC 4180, its first record the titles. Every problem is named by its cell, or by <c>file</c>.
/// </para>
/// </summary>
public static class Bieu06SheetReader
{
    /// <summary>More rows than any unit's table has: a province's three levels of fields and procedures fit well under it.</summary>
    private const int MaxRows = 5_000;

    /// <summary>
    /// A part's XML is at most this many characters, whatever the compressed file's size: a sheet of <see cref="MaxRows"/>
    /// rows of a dozen cells is well under it, and it bounds what a small upload can expand to when the sheet is loaded.
    /// </summary>
    private const long MaxCharactersInPart = 4_000_000;

    /// <summary>No unit has more dossiers than this in any cell: a larger number is a typing error, not a count.</summary>
    private const decimal MaxCount = 1_000_000_000_000m;

    /// <summary>A cell's text as read, and whether the spreadsheet stored it as a number.</summary>
    private sealed record Cell(string Text, bool Number);

    /// <summary>The figures an XLSX holds; null with the problems in <paramref name="errors"/>.</summary>
    public static IReadOnlyList<TypedFigure>? ReadXlsx(byte[] bytes, ProcedureCatalogue catalogue, InputErrors errors)
    {
        SortedDictionary<int, Dictionary<int, Cell>> rows;
        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            if (document.WorkbookPart is not { } workbook || workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() is not { Id.Value: { } id }
                || workbook.GetPartById(id) is not WorksheetPart worksheet)
            {
                errors.Add("file", "is not an XLSX workbook with a worksheet.");
                return null;
            }

            rows = Cells(worksheet, workbook.SharedStringTablePart?.SharedStringTable);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or InvalidOperationException
                                       or System.Xml.XmlException or ArgumentOutOfRangeException or KeyNotFoundException or FormatException)
        {
            errors.Add("file", "is not an XLSX workbook (a spreadsheet saved as .xlsx).");
            return null;
        }

        var numbered = rows.FirstOrDefault(r => Bieu06Endpoint.OfficialColumns.Select((c, i) => (c, i))
            .All(x => r.Value.GetValueOrDefault(Bieu06Sheet.DataStart + x.i)?.Text.Trim() == Bieu06Sheet.Numbered(x.c)));
        if (numbered.Value is null)
        {
            errors.Add("file", $"is not Biểu 06 in the ledger's layout: no numbered row {Bieu06Sheet.Numbered(Bieu06Endpoint.OfficialColumns[0])} … "
                + $"{Bieu06Sheet.Numbered(Bieu06Endpoint.OfficialColumns[^1])} in columns {Column(Bieu06Sheet.DataStart)} to "
                + $"{Column(Bieu06Sheet.DataStart + Bieu06Endpoint.OfficialColumns.Count - 1)} (download the ledger's file as the template).");
            return null;
        }

        return Figures(rows.Where(r => r.Key > numbered.Key), catalogue, errors);
    }

    /// <summary>The figures a CSV holds; null with the problems in <paramref name="errors"/>.</summary>
    public static IReadOnlyList<TypedFigure>? ReadCsv(byte[] bytes, ProcedureCatalogue catalogue, InputErrors errors)
    {
        string text;
        try
        {
            var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom, bytes.Length - bom);
        }
        catch (DecoderFallbackException)
        {
            errors.Add("file", "is not CSV text: it is not UTF-8.");
            return null;
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')))
        {
            errors.Add("file", "is not CSV text: it holds control characters.");
            return null;
        }

        if (Records(text) is not { } records)
        {
            errors.Add("file", "is not CSV: a quoted field is never closed.");
            return null;
        }

        var titles = Bieu06Sheet.ColumnsOf(Bieu06Endpoint.OfficialColumns);
        var header = records.FirstOrDefault() ?? [];
        // The data columns are known by their numbers; the rest of a title may be typed differently.
        var wrong = Enumerable.Range(0, titles.Count).FirstOrDefault(
            c => c >= Bieu06Sheet.DataStart && !(c < header.Length && header[c].Trim().StartsWith(Bieu06Sheet.Numbered(Bieu06Endpoint.OfficialColumns[c - Bieu06Sheet.DataStart]), StringComparison.Ordinal)),
            -1);
        if (wrong >= 0)
        {
            errors.Add($"{Column(wrong)}1", $"is not Biểu 06 in the ledger's layout: this column's title must be \"{titles[wrong].Title}\" (download the ledger's file as the template).");
            return null;
        }

        return Figures(
            records.Skip(1).Select((r, i) => new KeyValuePair<int, Dictionary<int, Cell>>(i + 2, r.Select((f, c) => (f, c)).ToDictionary(x => x.c, x => new Cell(x.f, false)))),
            catalogue, errors);
    }

    /// <summary>
    /// The table's rows under the header, in order: a level's, its fields' and their procedures', then the total; each cell
    /// a count of at least 0. Then the lines outside the table.
    /// </summary>
    private static List<TypedFigure>? Figures(IEnumerable<KeyValuePair<int, Dictionary<int, Cell>>> rows, ProcedureCatalogue catalogue, InputErrors errors)
    {
        var levels = Bieu06Level.All.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        var figures = new List<TypedFigure>();
        var (level, field, total, count) = ((string?)null, (string?)null, false, 0);
        foreach (var (number, cells) in rows.Where(r => r.Value.Values.Any(c => c.Text.Trim().Length > 0)))
        {
            if (++count > MaxRows)
            {
                errors.Add("file", $"has more than {MaxRows:N0} rows.");
                return null;
            }

            var at = $"{Column(Bieu06Sheet.CodeColumn)}{number}";
            var code = errors.Required(at, cells.GetValueOrDefault(Bieu06Sheet.CodeColumn)?.Text, 100);
            if (code is null)
            {
                continue;
            }

            if (total)
            {
                // Below the total: a figure outside the table, named by its code, typed where its label says.
                var where = errors.Optional($"{Column(Bieu06Sheet.LabelColumn)}{number}", cells.GetValueOrDefault(Bieu06Sheet.LabelColumn)?.Text, 200);
                if (Count(errors, cells, Bieu06Sheet.DataStart, number) is { } value)
                {
                    figures.Add(new TypedFigure(code, value, where));
                }

                continue;
            }

            string? row;
            if (code == Bieu06Sheet.TotalCode)
            {
                (row, total) = (null, true);
            }
            else if (levels.Contains(code))
            {
                (row, level, field) = (code, code, null);
            }
            else if (catalogue.Fields.ContainsKey(code) && level is not null)
            {
                (row, field) = (OfficialRows.Child(level, code), code);
            }
            else if (field is not null && catalogue.Find(code) is not null)
            {
                row = OfficialRows.Child(OfficialRows.Child(level, field), code);
            }
            else
            {
                errors.Add(at, $"\"{code}\" is not a row of Biểu 06 here: rows are a level ({string.Join(", ", levels)}), a field of the catalogue "
                    + $"under it, a procedure of the catalogue under its field, and the total ({Bieu06Sheet.TotalCode}).");
                continue;
            }

            foreach (var (column, i) in Bieu06Endpoint.OfficialColumns.Select((c, i) => (c, i)))
            {
                if (Count(errors, cells, Bieu06Sheet.DataStart + i, number) is { } value)
                {
                    figures.Add(new TypedFigure(Domain.Reports.Figures.NameOf(Domain.Reports.Figures.OfficialCell(column.Number)), value, $"{Column(Bieu06Sheet.DataStart + i)}{number}", row));
                }
            }
        }

        if (!total && !errors.Any)
        {
            errors.Add("file", $"has no total row (code {Bieu06Sheet.TotalCode}): the table must end with it, as the ledger's file does.");
        }

        return errors.Any ? null : figures;
    }

    /// <summary>A cell's count: a whole number of at least 0, as typed; null with its problem named by the cell.</summary>
    private static decimal? Count(InputErrors errors, Dictionary<int, Cell> cells, int column, int row)
    {
        var at = $"{Column(column)}{row}";
        var text = cells.GetValueOrDefault(column)?.Text.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add(at, "is empty: every cell needs its count (0 for none).");
            return null;
        }

        var styles = cells[column].Number ? NumberStyles.Float : NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (!decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
        {
            errors.Add(at, $"\"{(text.Length > 40 ? text[..40] + "…" : text)}\" is not a number.");
            return null;
        }

        if (value < 0 || value != decimal.Truncate(value) || value > MaxCount)
        {
            errors.Add(at, $"{value.ToString(CultureInfo.InvariantCulture)} is not a count of dossiers: a whole number of at least 0.");
            return null;
        }

        return decimal.Truncate(value);
    }

    /// <summary>Every cell of the worksheet with a value, by row number and column (from 0).</summary>
    private static SortedDictionary<int, Dictionary<int, Cell>> Cells(WorksheetPart worksheet, SharedStringTable? shared)
    {
        var strings = shared?.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var rows = new SortedDictionary<int, Dictionary<int, Cell>>();
        var rowNumber = 0;
        foreach (var row in worksheet.Worksheet.Descendants<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var cells = rows[rowNumber] = [];
            var column = -1;
            foreach (var cell in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : column + 1;
                var (type, value) = (cell.DataType?.Value, cell.CellValue?.Text ?? "");
                cells[column] = type == CellValues.SharedString
                    ? new Cell(int.TryParse(value, CultureInfo.InvariantCulture, out var at) && at >= 0 && at < strings.Count
                        ? strings[at] : throw new FormatException($"Shared string {value} is not in the workbook."), false)
                    : type == CellValues.InlineString ? new Cell(cell.InlineString?.InnerText ?? "", false)
                    : new Cell(value, type is null || type == CellValues.Number);
            }
        }

        return rows;
    }

    /// <summary>The records of an RFC 4180 text (CRLF or LF line ends; a quoted field may hold commas, doubled quotes and line breaks); null when a quote is never closed.</summary>
    private static List<string[]>? Records(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }

    /// <summary>A column's letters (from 0: A).</summary>
    private static string Column(int column) => XlsxSheetWriter.Reference(column, 1)[..^1];

    private static int ColumnOf(string reference) => reference.TakeWhile(char.IsAsciiLetter).Aggregate(0, (n, c) => (n * 26) + (char.ToUpperInvariant(c) - 'A' + 1)) - 1;
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using NodaTime;

namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// Writes a <see cref="ReportSheet"/> as an XLSX workbook of one worksheet, ready to print: the heading block merged across the
/// printed columns, the header grid with its merged groups, rows indented and outlined by depth, number formats, A4
/// landscape fitted to the page width with the header rows repeated on every page.
/// <para>
/// The worksheet's XML is written by the Open XML SDK's <see cref="OpenXmlWriter"/> a row at a time into a ZIP entry, and
/// the ZIP is drained to the response as it grows: the SDK's packages need a seekable stream, which a response is not, and
/// would hold a whole year of a province. Strings are inline (no shared-string table to keep), styles are collected as the
/// rows need them and written last.
/// </para>
/// </summary>
public static class XlsxSheetWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Typeface = "Times New Roman";
    private const int DrainBytes = 1 << 16;

    public static async Task WriteAsync(ReportSheet sheet, Stream target, CancellationToken cancellation)
    {
        var output = new DrainedStream();
        var styles = new Styles();
        var first = PrintedColumns(sheet).First;
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var part = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open())
            {
                using var writer = OpenXmlWriter.Create(part, Encoding.UTF8);
                WriteStart(writer, sheet, styles);
                var rowIndex = (uint)(sheet.Heading.Count + 1 + sheet.HeaderRows);
                await foreach (var row in sheet.Rows.WithCancellation(cancellation))
                {
                    WriteRow(writer, sheet, first, ++rowIndex, row, styles);
                    if (output.Pending >= DrainBytes)
                    {
                        await output.DrainToAsync(target, cancellation);
                    }
                }

                WriteEnd(writer, sheet);
            }

            Write(zip, "xl/styles.xml", styles.Stylesheet());
            Write(zip, "xl/workbook.xml", Workbook(sheet));
            WriteText(zip, "[Content_Types].xml", ContentTypes);
            WriteText(zip, "_rels/.rels", PackageRelationships);
            WriteText(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships);
        }

        await output.DrainToAsync(target, cancellation);
    }

    /// <summary>Everything before the data rows: page properties, the frozen header, the columns, the heading and header rows.</summary>
    private static void WriteStart(OpenXmlWriter writer, ReportSheet sheet, Styles styles)
    {
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new SheetProperties(
            new OutlineProperties { SummaryBelow = false },
            new PageSetupProperties { FitToPage = true }));
        var firstDataRow = sheet.Heading.Count + 1 + sheet.HeaderRows + 1;
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane
            {
                VerticalSplit = firstDataRow - 1,
                TopLeftCell = $"A{firstDataRow}",
                ActivePane = PaneValues.BottomLeft,
                State = PaneStateValues.Frozen,
            })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15, OutlineLevelRow = 2 });
        writer.WriteElement(new Columns(sheet.Columns.Select((c, i) => new Column
        {
            Min = (uint)(i + 1),
            Max = (uint)(i + 1),
            Width = c.Width,
            CustomWidth = true,
            Hidden = c.Hidden ? true : null,
        })));

        writer.WriteStartElement(new SheetData());
        var (first, last) = PrintedColumns(sheet);
        var rowIndex = 0u;
        foreach (var line in sheet.Heading)
        {
            var style = styles.Of(line.Style switch
            {
                HeadingStyle.Form => new Style(Weight.Bold, Align: HorizontalAlignmentValues.Left),
                HeadingStyle.Title => new Style(Weight.Title, Align: HorizontalAlignmentValues.Center, Wrap: true),
                HeadingStyle.Centred => new Style(Weight.Regular, Align: HorizontalAlignmentValues.Center),
                HeadingStyle.Note => new Style(Weight.Italic, Align: HorizontalAlignmentValues.Right),
                _ => throw new ArgumentOutOfRangeException(nameof(sheet), line.Style, "A heading line of no known style."),
            });
            var row = new Row { RowIndex = ++rowIndex };
            if (line.Style == HeadingStyle.Title)
            {
                (row.Height, row.CustomHeight) = (36, true);
            }

            writer.WriteStartElement(row);
            writer.WriteElement(TextCell(Reference(first, rowIndex), line.Text, style));
            writer.WriteEndElement();
        }

        rowIndex++; // a blank line between the heading and the table
        var headerStyle = styles.Of(new Style(Weight.Bold, Border: true, Align: HorizontalAlignmentValues.Center, Wrap: true));
        var texts = sheet.Header.ToDictionary(c => (c.Row, c.Column), c => c.Text);
        var headerLines = HeaderLines(sheet);
        for (var r = 0; r < sheet.HeaderRows; r++)
        {
            writer.WriteStartElement(new Row { RowIndex = ++rowIndex, Height = LineHeight * headerLines[r], CustomHeight = true });
            for (var c = first; c <= last; c++)
            {
                // Every cell of a merged range carries the border, or the merged block is drawn without its edges.
                writer.WriteElement(TextCell(Reference(c, rowIndex), texts.GetValueOrDefault((r, c)), headerStyle));
            }

            writer.WriteEndElement();
        }
    }

    private static void WriteRow(OpenXmlWriter writer, ReportSheet sheet, int first, uint rowIndex, SheetRow row, Styles styles)
    {
        var lines = Enumerable.Range(0, sheet.Columns.Count)
            .Where(c => !sheet.Columns[c].Hidden && row.Cells[c] is string)
            .Select(c => Lines((string)row.Cells[c]!, sheet.Columns[c].Width - (c == first ? IndentWidth * row.Depth : 0)))
            .DefaultIfEmpty(1).Max();
        writer.WriteStartElement(new Row
        {
            RowIndex = rowIndex,
            OutlineLevel = row.Depth > 0 ? (byte)Math.Min(row.Depth, 7) : null,
            Height = lines > 1 ? LineHeight * lines : null,
            CustomHeight = lines > 1 ? true : null,
        });
        for (var c = 0; c < sheet.Columns.Count; c++)
        {
            var format = row.FormatOf(c, sheet.Columns[c]);
            var style = styles.Of(new Style(
                row.Bold ? Weight.Bold : Weight.Regular, format, Border: true,
                Align: format == ValueFormat.Text ? HorizontalAlignmentValues.Left : HorizontalAlignmentValues.Right,
                Wrap: format == ValueFormat.Text, Indent: c == first ? (uint)row.Depth : 0));
            var reference = Reference(c, rowIndex);
            writer.WriteElement(row.Cells[c] switch
            {
                null => new Cell { CellReference = reference, StyleIndex = style },
                string text => TextCell(reference, text, style),
                long n => NumberCell(reference, n, style),
                int n => NumberCell(reference, n, style),
                decimal n => NumberCell(reference, n, style),
                double n => NumberCell(reference, (decimal)n, style),
                LocalDateTime t => DateCell(reference, t, style),
                LocalDate d => DateCell(reference, d.AtMidnight(), style),
                var other => throw new ArgumentException($"A cell of type {other.GetType().Name} has no spreadsheet form.", nameof(row)),
            });
        }

        writer.WriteEndElement();
    }

    /// <summary>A date or time as a spreadsheet's serial day number, shown by its style.</summary>
    private static Cell DateCell(string reference, LocalDateTime value, uint style) => new()
    {
        CellReference = reference,
        StyleIndex = style,
        CellValue = new CellValue(value.ToDateTimeUnspecified().ToOADate().ToString("R", CultureInfo.InvariantCulture)),
    };

    /// <summary>After the data rows: the merged ranges, and the page: A4 landscape, one page wide, page numbers in the footer.</summary>
    private static void WriteEnd(OpenXmlWriter writer, ReportSheet sheet)
    {
        writer.WriteEndElement(); // sheetData
        var (first, last) = PrintedColumns(sheet);
        var headerTop = sheet.Heading.Count + 2;
        var merges = sheet.Heading.Select((_, i) => $"{Reference(first, (uint)(i + 1))}:{Reference(last, (uint)(i + 1))}")
            .Concat(sheet.Header.Where(c => c.RowSpan > 1 || c.ColumnSpan > 1).Select(c =>
                $"{Reference(c.Column, (uint)(headerTop + c.Row))}:{Reference(c.Column + c.ColumnSpan - 1, (uint)(headerTop + c.Row + c.RowSpan - 1))}"))
            .ToList();
        if (merges.Count > 0)
        {
            writer.WriteElement(new MergeCells(merges.Select(m => new MergeCell { Reference = m })) { Count = (uint)merges.Count });
        }

        writer.WriteElement(new PrintOptions { HorizontalCentered = true });
        writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.5, Bottom = 0.5, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup
        {
            PaperSize = 9, // A4
            Orientation = OrientationValues.Landscape,
            FitToWidth = 1,
            FitToHeight = 0, // as many pages down as the rows need
        });
        writer.WriteElement(new HeaderFooter(new OddFooter("&C&P/&N")));
        writer.WriteEndElement(); // worksheet
    }

    private static Workbook Workbook(ReportSheet sheet)
    {
        var headerTop = sheet.Heading.Count + 2;
        var headerBottom = headerTop + sheet.HeaderRows - 1;
        var name = sheet.Name.Replace("'", "''", StringComparison.Ordinal);
        return new Workbook(
            new Sheets(new Sheet { Name = sheet.Name, SheetId = 1, Id = "rId1" }),
            new DefinedNames(new DefinedName($"'{name}'!${headerTop}:${headerBottom}") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
    }

    /// <summary>
    /// How many lines each header row needs: a cell's text wrapped over the width of the columns it spans, a cell over
    /// several rows sharing its lines out over them.
    /// </summary>
    private static int[] HeaderLines(ReportSheet sheet)
    {
        var lines = Enumerable.Repeat(1, sheet.HeaderRows).ToArray();
        foreach (var cell in sheet.Header.OrderBy(c => c.RowSpan))
        {
            var width = sheet.Columns.Skip(cell.Column).Take(cell.ColumnSpan).Sum(c => c.Width);
            var needed = Lines(cell.Text, width);
            var spanned = Enumerable.Range(cell.Row, cell.RowSpan).Sum(r => lines[r]);
            lines[cell.Row + cell.RowSpan - 1] += Math.Max(0, needed - spanned);
        }

        return lines;
    }

    /// <summary>
    /// Lines a text takes wrapped at word breaks in a column <paramref name="width"/> characters wide. Spreadsheets do not
    /// size rows to wrapped text when they open a file, so the writer gives each row the height its text needs; the
    /// estimate is generous (a character of the width is kept for the cell's margins).
    /// </summary>
    private static int Lines(string text, double width)
    {
        var room = Math.Max(1, (int)(width * WidthToCharacters) - 1);
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            var line = 0;
            lines++;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line > 0 && line + 1 + word.Length > room)
                {
                    lines++;
                    line = 0;
                }

                line += (line > 0 ? 1 : 0) + word.Length;
            }
        }

        return lines;
    }

    /// <summary>Points per line of 11-point text.</summary>
    private const double LineHeight = 15;

    /// <summary>Characters of 11-point Times per unit of column width (the width counts characters of the default font).</summary>
    private const double WidthToCharacters = 1.2;

    /// <summary>Column width one level of indentation takes.</summary>
    private const double IndentWidth = 2;

    /// <summary>The first and last columns a printed page shows (hidden columns at either end left out).</summary>
    private static (int First, int Last) PrintedColumns(ReportSheet sheet)
    {
        var shown = sheet.Columns.Select((c, i) => (c, i)).Where(x => !x.c.Hidden).Select(x => x.i).ToList();
        return (shown[0], shown[^1]);
    }

    private static Cell TextCell(string reference, string? text, uint style) => text is null
        ? new Cell { CellReference = reference, StyleIndex = style }
        : new Cell { CellReference = reference, StyleIndex = style, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }) };

    private static Cell NumberCell(string reference, decimal value, uint style) =>
        new() { CellReference = reference, StyleIndex = style, CellValue = new CellValue(value) };

    /// <summary>A1 reference of column <paramref name="column"/> (from 0) and row <paramref name="row"/> (from 1).</summary>
    public static string Reference(int column, uint row)
    {
        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    private static void Write(ZipArchive zip, string path, OpenXmlPartRootElement root)
    {
        using var part = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        root.Save(part);
    }

    private static void WriteText(ZipArchive zip, string path, string xml)
    {
        using var part = zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        part.Write(Encoding.UTF8.GetBytes(xml));
    }

    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""";

    private const string PackageRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""";

    private const string WorkbookRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""";

    private enum Weight
    {
        Regular,
        Bold,
        Italic,
        Title,
    }

    private sealed record Style(
        Weight Weight, ValueFormat Format = ValueFormat.Text, bool Border = false, HorizontalAlignmentValues? Align = null, bool Wrap = false, uint Indent = 0);

    /// <summary>The cell formats the sheet used, numbered in the order first asked for (0 is the default).</summary>
    private sealed class Styles
    {
        private readonly Dictionary<Style, uint> _indexes = new() { [new Style(Weight.Regular)] = 0 };

        public uint Of(Style style)
        {
            if (!_indexes.TryGetValue(style, out var index))
            {
                index = (uint)_indexes.Count;
                _indexes[style] = index;
            }

            return index;
        }

        public Stylesheet Stylesheet()
        {
            static Font FontOf(bool bold, bool italic, double size)
            {
                var font = new Font();
                if (bold)
                {
                    font.Append(new Bold());
                }

                if (italic)
                {
                    font.Append(new Italic());
                }

                font.Append(new FontSize { Val = size }, new FontName { Val = Typeface }, new FontFamilyNumbering { Val = 1 });
                return font;
            }

            var thin = new Border(
                new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
                new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
            var formats = _indexes.OrderBy(s => s.Value).Select(s => FormatElement(s.Key)).ToList();
            return new Stylesheet(
                new NumberingFormats(
                    new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = "dd/mm/yyyy hh:mm" },
                    new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = "dd/mm/yyyy" })
                { Count = 2 },
                new Fonts(FontOf(false, false, 11), FontOf(true, false, 11), FontOf(false, true, 11), FontOf(true, false, 13)) { Count = 4 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                new CellFormats(formats) { Count = (uint)formats.Count },
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        }
    }

    private const uint DateTimeFormatId = 164;

    private const uint DateFormatId = 165;

    /// <summary>A style as the stylesheet's <c>xf</c> element.</summary>
    private static CellFormat FormatElement(Style style)
    {
        var numberFormat = style.Format switch
        {
            ValueFormat.Text => 0u,
            ValueFormat.Count => 3u, // #,##0
            ValueFormat.Fraction => 4u, // #,##0.00
            ValueFormat.Percent => 10u, // 0.00%
            ValueFormat.DateTime => DateTimeFormatId,
            ValueFormat.Date => DateFormatId,
            _ => throw new ArgumentOutOfRangeException(nameof(style), style.Format, "A value format with no number format."),
        };
        return new CellFormat(new Alignment
        {
            Horizontal = style.Align,
            Vertical = VerticalAlignmentValues.Center,
            WrapText = style.Wrap ? true : null,
            Indent = style.Indent > 0 ? style.Indent : null,
        })
        {
            NumberFormatId = numberFormat,
            FontId = (uint)style.Weight,
            FillId = 0,
            BorderId = style.Border ? 1u : 0u,
            FormatId = 0,
            ApplyNumberFormat = numberFormat != 0 ? true : null,
            ApplyFont = true,
            ApplyBorder = style.Border ? true : null,
            ApplyAlignment = true,
        };
    }

    /// <summary>
    /// A write-only stream the ZIP writes into synchronously and the writer empties asynchronously into the response, so
    /// neither blocks on the network nor holds more than what was written since the last drain.
    /// </summary>
    private sealed class DrainedStream : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public long Pending => _pending.Length;

        public async Task DrainToAsync(Stream target, CancellationToken cancellation)
        {
            await target.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellation);
            _pending.SetLength(0);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _pending.Write(buffer, offset, count);
            _written += count;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

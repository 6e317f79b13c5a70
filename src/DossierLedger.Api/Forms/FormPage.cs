using System.Collections;
using System.Text;
using NodaTime;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace DossierLedger.Api.Forms;

/// <summary>A signature block: who signs (in capitals on the form) and the name printed under the space, when known.</summary>
public sealed record Signature(string Role, string? Name = null);

/// <summary>
/// The page layout every form shares, after the forms of Phụ lục I: A4 portrait, the issuing unit top left and the national
/// motto top right, the form's number above them, a centred title, the body, the place and date, two signature blocks.
/// Drawing moves a cursor down the page; what does not fit goes on a new page (a table repeats its header there).
/// </summary>
public sealed class FormPage : IDisposable
{
    private const double Left = 70;
    private const double Right = 45;
    private const double Top = 40;
    private const double Bottom = 50;
    private const double TextSize = 10.5;
    private const double Leading = 1.35;
    private const double CellPadding = 3;

    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);

    private readonly PdfDocument _document = new();
    private readonly XFont _regular;
    private readonly XFont _bold;
    private readonly XFont _small;
    private readonly XFont _title;
    private readonly XFont _smallBold;
    private XGraphics _graphics = null!;
    private double _y;

    private FormPage(string title)
    {
        FormFonts.Install();
        _regular = new XFont(FormFonts.Family, TextSize, XFontStyleEx.Regular, Unicode);
        _bold = new XFont(FormFonts.Family, TextSize, XFontStyleEx.Bold, Unicode);
        _small = new XFont(FormFonts.Family, TextSize - 1.5, XFontStyleEx.Regular, Unicode);
        _title = new XFont(FormFonts.Family, TextSize + 2.5, XFontStyleEx.Bold, Unicode);
        _smallBold = new XFont(FormFonts.Family, TextSize - 1.5, XFontStyleEx.Bold, Unicode);
        _document.Info.Title = title;
        _document.Options.CompressContentStreams = true;
        NewPage();
    }

    private double Width => _graphics.PageSize.Width - Left - Right;

    private double PageBottom => _graphics.PageSize.Height - Bottom;

    /// <summary>The PDF <paramref name="draw"/> lays out, titled <paramref name="title"/>.</summary>
    public static byte[] Render(string title, Action<FormPage> draw)
    {
        using var page = new FormPage(title);
        draw(page);
        using var pdf = new MemoryStream();
        page._document.Save(pdf, closeStream: false);
        return pdf.ToArray();
    }

    public void Dispose()
    {
        _graphics.Dispose();
        _document.Dispose();
    }

    /// <summary>
    /// The head of the form: its number top right (none for a form Phụ lục I does not number), the issuing unit top left
    /// (the unit above it, then the unit and the issuing desk in bold), the national motto top right, each underlined.
    /// </summary>
    public void Header(FormIssuer issuer, string? number)
    {
        if (number is not null)
        {
            Line($"Mẫu số {number}", _bold, Left, Width, XStringFormats.TopRight);
            _y += LineHeight(_bold);
        }

        var column = Width / 2 - 6;
        var right = Left + Width - column;
        var top = _y;
        var left = issuer.Lines.Select((line, i) => (Text: line, Font: i < issuer.RegularLines ? _regular : _bold));
        var leftBottom = Column(left, Left, column, top, underline: true);
        var rightBottom = Column([("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _bold), ("Độc lập - Tự do - Hạnh phúc", _bold)], right, column, top, underline: true);
        _y = Math.Max(leftBottom, rightBottom) + 14;
    }

    public void Title(string title, string? subtitle = null)
    {
        Reserve(LineHeight(_title) * 2);
        _y += 4;
        foreach (var line in Wrap(title.ToUpperInvariant(), _title, Width - 40))
        {
            Line(line, _title, Left, Width, XStringFormats.TopCenter);
            _y += LineHeight(_title);
        }

        if (subtitle is not null)
        {
            Line(subtitle, _regular, Left, Width, XStringFormats.TopCenter);
            _y += LineHeight(_regular);
        }

        _y += 10;
    }

    /// <summary>A paragraph over the whole width.</summary>
    public void Paragraph(string text, bool bold = false)
    {
        var font = bold ? _bold : _regular;
        foreach (var line in Wrap(text, font, Width))
        {
            Reserve(LineHeight(font));
            Line(line, font, Left, Width, XStringFormats.TopLeft);
            _y += LineHeight(font);
        }

        _y += 3;
    }

    /// <summary>A label and its value in bold; a long value wraps under itself, a long label puts the value below.</summary>
    public void Field(string label, string value)
    {
        var labelWidth = _graphics.MeasureString(label + " ", _regular).Width;
        var indent = labelWidth > Width * 0.45 ? 18 : labelWidth;
        var lines = Wrap(value, _bold, Width - indent);
        Reserve(LineHeight(_regular) * Math.Min(lines.Count + 1, 3));
        Line(label, _regular, Left, labelWidth, XStringFormats.TopLeft);
        if (indent < labelWidth)
        {
            _y += LineHeight(_regular);
        }

        foreach (var line in lines)
        {
            Reserve(LineHeight(_bold));
            Line(line, _bold, Left + indent, Width - indent, XStringFormats.TopLeft);
            _y += LineHeight(_bold);
        }

        _y += 2;
    }

    /// <summary>Numbered items, each wrapping under its own text.</summary>
    public void NumberedList(IEnumerable<string> items)
    {
        var number = 0;
        foreach (var item in items)
        {
            var marker = $"{++number}.";
            var lines = Wrap(item, _regular, Width - 34);
            Reserve(LineHeight(_regular) * lines.Count);
            Line(marker, _regular, Left + 12, 20, XStringFormats.TopLeft);
            foreach (var line in lines)
            {
                Line(line, _regular, Left + 34, Width - 34, XStringFormats.TopLeft);
                _y += LineHeight(_regular);
            }
        }

        _y += 3;
    }

    /// <summary>
    /// A QR code <paramref name="side"/> points square, drawn as vector squares (sharp at any print resolution; PDFsharp's
    /// core build reads few PNG kinds), with lines of text beside it. <paramref name="modules"/>: its rows, dark modules set.
    /// </summary>
    public void QrCode(IReadOnlyList<BitArray> modules, double side, IEnumerable<string> lines)
    {
        Reserve(side + 6);
        var module = side / modules.Count;
        // One path filled once: a rectangle drawn at a time cost PDFsharp 15 ms a code. A run of dark modules is one
        // rectangle, so no seams show between neighbours.
        var dark = new XGraphicsPath { FillMode = XFillMode.Winding };
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Length; column++)
            {
                var start = column;
                while (column < modules[row].Length && modules[row][column])
                {
                    column++;
                }

                if (column > start)
                {
                    dark.AddRectangle(Left + start * module, _y + row * module, (column - start) * module, module);
                }
            }
        }

        _graphics.DrawPath(XBrushes.Black, dark);

        var textTop = _y;
        _y = Column(lines.Select(l => (l, _regular)), Left + side + 12, Width - side - 12, _y + 10, XStringFormats.TopLeft);
        _y = Math.Max(_y, textTop + side) + 6;
    }

    /// <summary>A ruled table; columns share the width by weight, cells wrap, a row never splits across pages.</summary>
    public void Table(IReadOnlyList<(string Header, double Weight)> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => Width * c.Weight / total).ToArray();
        Row([.. columns.Select(c => c.Header)], widths, _smallBold, header: true);
        foreach (var row in rows)
        {
            if (!Row(row, widths, _small, header: false))
            {
                Row([.. columns.Select(c => c.Header)], widths, _smallBold, header: true);
                Row(row, widths, _small, header: false);
            }
        }

        _y += 8;
    }

    /// <summary>The place and date line (địa danh, ngày … tháng … năm …), centred over the right-hand signature.</summary>
    public void PlaceAndDate(string? place, LocalDate date)
    {
        Reserve(LineHeight(_regular) + 4);
        _y += 4;
        var column = Width / 2;
        Line($"{place ?? "……"}, ngày {date.Day:00} tháng {date.Month:00} năm {date.Year}", _regular, Left + Width - column, column, XStringFormats.TopCenter);
        _y += LineHeight(_regular) + 2;
    }

    /// <summary>
    /// Signature blocks side by side (the right one alone when there is no left): the role in capitals, "(Ký, ghi rõ họ
    /// tên)", room to sign, the name when known.
    /// </summary>
    public void Signatures(Signature? left, Signature right)
    {
        const double room = 58;
        Reserve(LineHeight(_bold) * 3 + room);
        var column = Width / 2;
        var top = _y;
        var bottom = top;
        foreach (var (signature, x) in new[] { (left, Left), (right, Left + column) })
        {
            if (signature is null)
            {
                continue;
            }

            var y = Column([(signature.Role.ToUpperInvariant(), _bold), ("(Ký, ghi rõ họ tên)", _small)], x, column, top);
            bottom = Math.Max(bottom, signature.Name is { } name ? Column([(name, _bold)], x, column, y + room) : y + room);
        }

        _y = bottom + 6;
    }

    public void Space(double points) => _y += points;

    /// <summary>Draws one row; false (drawing nothing) when it had to go to a new page, whose table header comes first.</summary>
    private bool Row(IReadOnlyList<string> cells, double[] widths, XFont font, bool header)
    {
        var wrapped = cells.Select((cell, i) => Wrap(cell, font, widths[i] - 2 * CellPadding)).ToList();
        var height = wrapped.Max(lines => lines.Count) * LineHeight(font) + 2 * CellPadding;
        if (_y + height > PageBottom)
        {
            NewPage();
            if (!header)
            {
                return false;
            }
        }

        var x = Left;
        for (var i = 0; i < cells.Count; i++)
        {
            _graphics.DrawRectangle(XPens.Black, x, _y, widths[i], height);
            var y = _y + CellPadding;
            foreach (var line in wrapped[i])
            {
                _graphics.DrawString(Normalized(line), font, XBrushes.Black, new XRect(x + CellPadding, y, widths[i] - 2 * CellPadding, LineHeight(font)),
                    header ? XStringFormats.TopCenter : XStringFormats.TopLeft);
                y += LineHeight(font);
            }

            x += widths[i];
        }

        _y += height;
        return true;
    }

    /// <summary>
    /// Lines in a column from <paramref name="top"/>, centred unless <paramref name="format"/> says otherwise; a heading block
    /// (<paramref name="underline"/>) gets a short rule under it. Returns the bottom.
    /// </summary>
    private double Column(
        IEnumerable<(string Text, XFont Font)> lines, double x, double width, double top, XStringFormat? format = null, bool underline = false)
    {
        var y = top;
        var lastWidth = 0.0;
        foreach (var (text, font) in lines)
        {
            foreach (var line in Wrap(text, font, width))
            {
                var saved = _y;
                _y = y;
                Line(line, font, x, width, format ?? XStringFormats.TopCenter);
                _y = saved;
                y += LineHeight(font);
                lastWidth = _graphics.MeasureString(line, font).Width;
            }
        }

        if (underline)
        {
            // The short rule under a heading block, as official documents draw it: a third of the last line, centred.
            var rule = Math.Min(lastWidth, width) / 3;
            _graphics.DrawLine(XPens.Black, x + (width - rule) / 2, y + 2, x + (width + rule) / 2, y + 2);
        }

        return y;
    }

    private void Line(string text, XFont font, double x, double width, XStringFormat format) =>
        _graphics.DrawString(Normalized(text), font, XBrushes.Black, new XRect(x, _y, width, LineHeight(font)), format);

    private double LineHeight(XFont font) => font.Size * Leading;

    /// <summary>Starts a new page when <paramref name="height"/> more does not fit on this one.</summary>
    private void Reserve(double height)
    {
        if (_y + height > PageBottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        _graphics = XGraphics.FromPdfPage(page);
        _y = Top;
    }

    /// <summary>The lines <paramref name="text"/> takes in <paramref name="width"/>, broken at spaces (inside a word too long for a line).</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Normalized(text).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (_graphics.MeasureString(candidate, font).Width <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                }

                line.Clear().Append(BreakLongWord(word, font, width, lines));
            }

            lines.Add(line.ToString());
        }

        return lines;
    }

    /// <summary>
    /// Puts the full-width pieces of <paramref name="word"/> in <paramref name="lines"/>, each ending after a <c>?</c>,
    /// <c>&amp;</c> or <c>/</c> where one fits (an address breaks between its parts); returns the rest.
    /// </summary>
    private string BreakLongWord(string word, XFont font, double width, List<string> lines)
    {
        while (word.Length > 1 && _graphics.MeasureString(word, font).Width > width)
        {
            // The longest head that fits, found by halving: measuring is what a form's time goes on.
            var (fits, over) = (1, word.Length);
            while (over - fits > 1)
            {
                var middle = (fits + over) / 2;
                (fits, over) = _graphics.MeasureString(word[..middle], font).Width <= width ? (middle, over) : (fits, middle);
            }

            var joint = word.AsSpan(0, fits).LastIndexOfAny("?&/");
            fits = joint > 0 ? joint + 1 : fits;
            lines.Add(word[..fits]);
            word = word[fits..];
        }

        return word;
    }

    /// <summary>PDFsharp does not compose combining marks: Vietnamese must reach it precomposed (NFC), as Noto Sans draws it.</summary>
    private static string Normalized(string text) => text.Normalize(NormalizationForm.FormC).Replace("\r", "", StringComparison.Ordinal);
}

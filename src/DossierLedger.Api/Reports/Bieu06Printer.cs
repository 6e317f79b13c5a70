using System.Globalization;
using System.Text;
using DossierLedger.Domain.Reports;

namespace DossierLedger.Api.Reports;

/// <summary>
/// Prints Biểu 06 as text: the official table (<see cref="Bieu06View.Official"/>) with the form's header, its column
/// groups and numbered columns, rows level → field → procedure with names wrapped whole, and a total; then, apart and
/// labelled as such, what the ledger keeps beyond the form (withdrawn and stopped dossiers, the rates).
/// </summary>
public static class Bieu06Printer
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    // Wide enough for the longest field name of the catalogue (48 characters) on one line, with its number.
    private const int LabelWidth = 58;
    private const int CellWidth = 11;

    /// <summary>One piece of a printed line: columns <see cref="First"/>..<see cref="Last"/> (0 is the row labels) as text, or as a rule.</summary>
    private sealed record Segment(int First, int Last, string Text, bool Rule = false, bool Right = false);

    public static void Print(Bieu06View table, TextWriter output)
    {
        var official = table.Official;
        output.WriteLine(official.Form);
        output.WriteLine(official.Title);
        output.WriteLine($"Đơn vị: {UnitOf(official.UnitCode, official.UnitName)}");
        output.WriteLine($"Kỳ báo cáo: từ {Date(table.From)} đến {Date(table.To)}");
        output.WriteLine($"Đơn vị tính: {official.UnitOfMeasure}");
        output.WriteLine();

        var columns = official.Columns;
        var rule = Rules(0, columns.Count + 1);
        var header = Header(official);
        // Over the header, the top rule meets only the edges of the column groups.
        Write(output, [.. header[0].Select(s => s with { Text = "", Rule = true })]);
        foreach (var line in header)
        {
            Write(output, line);
        }

        Write(output, rule);
        Write(output, [new Segment(0, 0, ""), .. columns.Select((c, i) => new Segment(i + 1, i + 1, Center($"({c.Number})", CellWidth)))]);
        Write(output, rule);
        var roman = 0;
        foreach (var level in official.Levels)
        {
            Row(output, $"{Roman(++roman)}. {level.Name}", 0, level.Cells);
            var field = 0;
            foreach (var f in level.Fields)
            {
                Row(output, $"{++field}. {f.FieldName ?? f.FieldCode}", 2, f.Cells);
                var procedure = 0;
                foreach (var p in f.Procedures)
                {
                    Row(output, $"{field}.{++procedure}. {p.ProcedureName ?? p.ProcedureCode}", 4, p.Cells);
                }
            }

            Write(output, rule);
        }

        Row(output, "Tổng cộng", 0, official.Total.Cells);
        Write(output, rule);
        output.WriteLine();
        PrintLedgerOwn(table, output);
    }

    /// <summary>
    /// The QĐ 766/QĐ-TTg indicators of a period report with their scores: printed after the table, not part of it.
    /// </summary>
    public static void PrintIndicators(PeriodReportView report, TextWriter output)
    {
        output.WriteLine("Chỉ số QĐ 766/QĐ-TTg (tỷ lệ; mức đạt so với chỉ tiêu):");
        var scores = report.Scores;
        var online = report.Quality.OnlineReception;
        var synchronisation = report.Quality.Synchronisation;
        if (synchronisation is not null)
        {
            output.WriteLine($"  1.4 Đồng bộ hồ sơ lên Cổng DVC quốc gia: {Rate(synchronisation)}");
        }

        output.WriteLine($"  2.1 Tiến độ giải quyết: {Rate(report.Quality.Progress)}; {Achieved(scores.Progress)}");
        output.WriteLine($"  2.2 Thời gian giải quyết trung bình: {Time(report.Quality.ProcessingTime)}");
        output.WriteLine($"  3.3 Tiếp nhận trực tuyến: {Rate(new Ratio(online.Numerator, online.Denominator))} × tỷ lệ đồng bộ "
            + (synchronisation is null
                ? string.Create(Vietnamese, $"{online.Factor.Value:N0} (chưa kết nối Cổng DVC quốc gia); {Achieved(scores.OnlineReception)}")
                : string.Create(Vietnamese, $"{online.Factor.Value:N4}; {Achieved(scores.OnlineReception)}")));
        output.WriteLine($"  3.6 Thanh toán trực tuyến: {Rate(report.Quality.OnlinePayment)}; {Achieved(scores.OnlinePayment)}");
        output.WriteLine($"  4.1 Cấp kết quả điện tử: {Rate(report.Quality.ElectronicResults)}; {Achieved(scores.ElectronicResults)}");
        output.WriteLine($"  4.2 Số hóa hồ sơ: {Rate(report.Quality.Digitization)}; {Achieved(scores.Digitization)}");
        output.WriteLine($"  4.3 Tái sử dụng dữ liệu số hóa: {Rate(report.Quality.DataReuse)}; {Achieved(scores.DataReuse)}");
        var satisfaction = report.Quality.Satisfaction;
        output.WriteLine(satisfaction.Value is { } share
            ? string.Create(Vietnamese, $"  5.4 Mức độ hài lòng: {share * 100:N2} % (100 % − quá hạn {Rate(satisfaction.OverdueRate)} − phản ánh, không hài lòng {Rate(satisfaction.ComplaintRate)}); {Achieved(scores.Satisfaction)}")
            : "  5.4 Mức độ hài lòng: không có hồ sơ");
    }

    /// <summary>What the ledger keeps that the form has no column for: how withdrawals and stops were folded, and the rates.</summary>
    private static void PrintLedgerOwn(Bieu06View table, TextWriter output)
    {
        var total = table.Total;
        var folding = OfficialBieu06.Foldings[table.Official.Folding];
        output.WriteLine("Ngoài biểu — số liệu riêng của sổ theo dõi (không thuộc Biểu số 06):");
        output.WriteLine($"  Hồ sơ rút: {N(total.ClosedOther.Withdrawn)}; hồ sơ dừng giải quyết: {N(total.ClosedOther.Stopped)}. Trong biểu, "
            + (folding == Bieu06Folding.Peer
                ? "chúng được tính vào số đã giải quyết, xét trước hạn, đúng hạn, quá hạn theo hạn giải quyết như mọi hồ sơ kết thúc xử lý"
                : "chúng được tính vào số đã giải quyết đúng hạn")
            + $" (cách tính \"{table.Official.Folding}\").");
        output.WriteLine($"  Giải quyết xong (không kể rút, dừng): {N(total.Resolved.Total)} (trước hạn {N(total.Resolved.Early)}; "
            + $"đúng hạn {N(total.Resolved.OnTime)}; quá hạn {N(total.Resolved.Overdue)})");
        output.WriteLine($"  Tỷ lệ giải quyết đúng hạn (trước hạn + đúng hạn, không kể rút, dừng): {Rate(new Ratio(total.Resolved.Early + total.Resolved.OnTime, total.Resolved.Total))}");
        output.WriteLine($"  Tỷ lệ tiếp nhận trực tuyến: {Rate(new Ratio(total.Received.Online, total.Received.New))}");
        output.WriteLine($"  Hồ sơ được số hóa: {Rate(total.Quality.DigitizedComponents)}");
        output.WriteLine($"  Thanh toán trực tuyến (hồ sơ có phí): {Rate(total.Quality.OnlinePayment)}");
    }

    /// <summary>
    /// The header under the top rule: the column groups with a rule under each; then, per block of columns, either one
    /// column's label, or a sub-group's name with a rule under it over its columns' labels; the row-label column's
    /// heading down the left.
    /// </summary>
    private static List<List<Segment>> Header(OfficialBieu06View official)
    {
        var columns = official.Columns;
        var labels = columns.Select(c => Wrap(c.Label, CellWidth)).ToList();
        var groups = new List<Segment>();
        for (int i = 0, span; i < columns.Count; i += span)
        {
            span = Span(columns, i, c => c.Group);
            groups.Add(new Segment(i + 1, i + span, Center(columns[i].Group, Width(span))));
        }

        var blocks = new List<(int First, int Span, string? SubGroup)>();
        for (int i = 0, span; i < columns.Count; i += span)
        {
            span = columns[i].SubGroup is null ? 1 : Span(columns, i, c => c.SubGroup);
            blocks.Add((i, span, columns[i].SubGroup));
        }

        static int Own(string? subGroup) => subGroup is null ? 0 : 2;
        var height = blocks.Max(b => Own(b.SubGroup) + Enumerable.Range(b.First, b.Span).Max(c => labels[c].Count));
        var lines = new List<List<Segment>> { groups, Rules(1, columns.Count) };
        for (var line = 0; line < height; line++)
        {
            var segments = new List<Segment>();
            foreach (var (first, span, subGroup) in blocks)
            {
                var own = Own(subGroup);
                segments.AddRange(
                    line == 0 && own > 0 ? [new Segment(first + 1, first + span, Center(subGroup!, Width(span)))]
                    : line == 1 && own > 0 ? Rules(first + 1, span)
                    : Enumerable.Range(first, span).Select(c => new Segment(c + 1, c + 1, Center(line - own < labels[c].Count ? labels[c][line - own] : "", CellWidth))));
            }

            lines.Add(segments);
        }

        var rowHeader = Wrap(official.RowHeader, LabelWidth - 2);
        return [.. lines.Select((segments, i) => (List<Segment>)[new Segment(0, 0, " " + (i < rowHeader.Count ? rowHeader[i] : "")), .. segments])];
    }

    /// <summary>A row: its label wrapped whole (continuation lines indented under it), the figures on its first line.</summary>
    private static void Row(TextWriter output, string label, int indent, IReadOnlyList<long> cells)
    {
        // Continuation lines start under the name, after the row's number.
        var lines = Wrap(label, LabelWidth - 2 - indent, hanging: label.IndexOf(' ', StringComparison.Ordinal) + 1);
        for (var line = 0; line < lines.Count; line++)
        {
            Write(output,
            [
                new Segment(0, 0, " " + new string(' ', indent) + lines[line]),
                .. cells.Select((cell, i) => new Segment(i + 1, i + 1, line == 0 ? N(cell) + " " : "", Right: true)),
            ]);
        }
    }

    /// <summary>Prints one line; where a rule meets a column boundary (or the edge), a '+', else a '|'.</summary>
    private static void Write(TextWriter output, IReadOnlyList<Segment> segments)
    {
        var text = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            text.Append(s.Rule || (i > 0 && segments[i - 1].Rule) ? '+' : '|');
            var width = Enumerable.Range(s.First, s.Last - s.First + 1).Sum(c => c == 0 ? LabelWidth : CellWidth) + (s.Last - s.First);
            text.Append(s.Rule ? new string('-', width) : s.Right ? s.Text.PadLeft(width) : s.Text.PadRight(width));
        }

        text.Append(segments[^1].Rule ? '+' : '|');
        output.WriteLine(text.ToString());
    }

    /// <summary>A rule across <paramref name="count"/> columns from <paramref name="first"/>.</summary>
    private static List<Segment> Rules(int first, int count) => [.. Enumerable.Range(first, count).Select(c => new Segment(c, c, "", Rule: true))];

    /// <summary>How many columns from <paramref name="first"/> on share the same <paramref name="key"/>.</summary>
    private static int Span(IReadOnlyList<OfficialColumnView> columns, int first, Func<OfficialColumnView, string?> key)
    {
        var span = 1;
        while (first + span < columns.Count && key(columns[first + span]) == key(columns[first]))
        {
            span++;
        }

        return span;
    }

    private static int Width(int columns) => (columns * CellWidth) + (columns - 1);

    private static string Center(string text, int width) => text.PadLeft((width + text.Length) / 2).PadRight(width);

    /// <summary>Words to lines of at most <paramref name="width"/> characters; a word longer than that is split.</summary>
    private static List<string> Wrap(string text, int width, int hanging = 0)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var room = width - (lines.Count == 0 ? 0 : hanging);
            if (line.Length > 0 && line.Length + 1 + word.Length > room)
            {
                lines.Add(Indent(lines.Count, hanging) + line);
                line.Clear();
                room = width - hanging;
            }

            var rest = word;
            while (rest.Length > room)
            {
                lines.Add(Indent(lines.Count, hanging) + rest[..room]);
                rest = rest[room..];
                room = width - hanging;
            }

            line.Append(line.Length > 0 ? " " : "").Append(rest);
        }

        lines.Add(Indent(lines.Count, hanging) + line);
        return lines;
    }

    private static string Indent(int line, int hanging) => line == 0 ? "" : new string(' ', hanging);

    /// <summary>The unit the table is of, by name and code, as the heading names it.</summary>
    internal static string UnitOf(string? code, string? name) =>
        code is null ? "tất cả các đơn vị" : name is null || name == code ? code : $"{name} ({code})";

    /// <summary>Levels are numbered as the form numbers its parts: I, II, III, IV.</summary>
    internal static string Roman(int n) => n switch
    {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        5 => "V",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    internal static string Date(string isoDate) =>
        DateTime.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", Vietnamese);

    private static string Achieved(IndicatorScore score) =>
        score.Achievement is { } achieved
            ? string.Create(Vietnamese, $"đạt {achieved * 100:N2} % số điểm (chỉ tiêu {score.Target * 100:N0} %)")
            : "chưa tính điểm";

    private static string Time(ProcessingTimeFigures time) => (time.Value, time.Unit) switch
    {
        ({ } average, { } unit) => string.Create(Vietnamese, $"{average:N2} {unit switch
        {
            ProcessingTimeUnit.WorkingDays => "ngày làm việc",
            ProcessingTimeUnit.WorkingHours => "giờ làm việc",
            ProcessingTimeUnit.CalendarDays => "ngày",
            _ => throw new ArgumentOutOfRangeException(nameof(time), unit, "Unknown processing time unit."),
        }} ({N(time.Dossiers)} hồ sơ)"),
        _ when time.Dossiers > 0 => "tính theo từng thủ tục (các thủ tục có đơn vị thời hạn khác nhau)",
        _ => "không có hồ sơ",
    };

    private static string Rate(Ratio ratio) =>
        ratio.Value is { } value
            ? string.Create(Vietnamese, $"{ratio.Numerator:N0}/{ratio.Denominator:N0} = {value * 100:N2} %")
            : "không có hồ sơ";
}

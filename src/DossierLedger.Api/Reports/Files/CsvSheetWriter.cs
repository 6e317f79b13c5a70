using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Reports.Files;

/// <summary>
/// Writes a <see cref="ReportSheet"/> as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they need
/// it), in UTF-8 with a byte-order mark so that Excel reads the Vietnamese as such. One row of column titles, then the
/// rows with the same cells as the spreadsheet: numbers plain (a rate as a fraction, 0.5 for 50 %), times as local
/// <c>yyyy-MM-dd HH:mm</c>, days as <c>yyyy-MM-dd</c>. The heading block and the header grid are the spreadsheet's only.
/// </summary>
public static class CsvSheetWriter
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly LocalDateTimePattern Time = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");

    public static async Task WriteAsync(ReportSheet sheet, Stream target, CancellationToken cancellation)
    {
        await using var writer = new StreamWriter(target, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', sheet.Columns.Select(c => Field(c.Title))));
        var written = 0;
        await foreach (var row in sheet.Rows.WithCancellation(cancellation))
        {
            await writer.WriteLineAsync(string.Join(',', row.Cells.Select(Value)));
            if (++written % 1000 == 0)
            {
                await writer.FlushAsync(cancellation);
            }
        }
    }

    private static string Value(object? cell) => cell switch
    {
        null => "",
        string text => Field(text),
        long n => n.ToString(CultureInfo.InvariantCulture),
        int n => n.ToString(CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        double n => n.ToString("R", CultureInfo.InvariantCulture),
        LocalDateTime t => Time.Format(t),
        LocalDate d => LocalDatePattern.Iso.Format(d),
        var other => throw new ArgumentException($"A cell of type {other.GetType().Name} has no CSV form.", nameof(cell)),
    };

    /// <summary>RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.</summary>
    public static string Field(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

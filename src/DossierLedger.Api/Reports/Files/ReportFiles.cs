using DossierLedger.Api.Http;
using Microsoft.Net.Http.Headers;
using NodaTime.Text;

namespace DossierLedger.Api.Reports.Files;

/// <summary>What a report answers in: its JSON, a line of JSON per row, or one of the files.</summary>
public enum ReportFormat
{
    Json,
    Ndjson,
    Csv,
    Xlsx,
}

/// <summary>
/// Choosing a report's format, as the audit trail does: <c>format=</c> when given (an unknown one is a 400), else the
/// first of the request's <c>Accept</c> media types (by quality) the report offers, else its default. Answers a
/// <see cref="ReportSheet"/> in the chosen file format, streamed, as a download named after the report.
/// </summary>
public static class ReportFiles
{
    private static readonly Dictionary<ReportFormat, string> MediaTypes = new()
    {
        [ReportFormat.Json] = "application/json",
        [ReportFormat.Ndjson] = "application/x-ndjson",
        [ReportFormat.Csv] = "text/csv",
        [ReportFormat.Xlsx] = XlsxSheetWriter.ContentType,
    };

    /// <summary>The format asked for among <paramref name="offered"/> (the first is the default); null with a problem in <paramref name="errors"/>.</summary>
    public static ReportFormat? Read(InputErrors errors, string? format, HttpContext http, params ReportFormat[] offered)
    {
        if (format is not null)
        {
            var asked = offered.Where(f => string.Equals(f.ToString(), format.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (asked.Count == 1)
            {
                return asked[0];
            }

            errors.Add("format", $"must be {string.Join(", ", offered.Select(f => f.ToString().ToLowerInvariant()))}.");
            return null;
        }

        if (MediaTypeHeaderValue.TryParseList(http.Request.Headers.Accept, out var accepted))
        {
            foreach (var media in accepted.Where(m => m.Quality is not 0).OrderByDescending(m => m.Quality ?? 1))
            {
                foreach (var candidate in offered)
                {
                    if (media.MediaType.Equals(MediaTypes[candidate], StringComparison.OrdinalIgnoreCase))
                    {
                        return candidate;
                    }
                }
            }
        }

        return offered[0];
    }

    /// <summary>The sheet as a streamed download <c>{name}.csv</c> or <c>{name}.xlsx</c>.</summary>
    public static IResult Answer(ReportSheet sheet, ReportFormat format, string name, CancellationToken cancellation) => format switch
    {
        ReportFormat.Csv => Results.Stream(body => CsvSheetWriter.WriteAsync(sheet, body, cancellation), CsvSheetWriter.ContentType, $"{name}.csv"),
        ReportFormat.Xlsx => Results.Stream(body => XlsxSheetWriter.WriteAsync(sheet, body, cancellation), XlsxSheetWriter.ContentType, $"{name}.xlsx"),
        ReportFormat.Json or ReportFormat.Ndjson => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a file format."),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>A file name's part for a unit and range: <c>KP-2024</c>, <c>KP-2024-01-01-2024-06-30</c>, <c>all-2024</c>.</summary>
    public static string NamePart(string? unit, ReportRange range) =>
        $"{unit ?? "all"}-{range.Period ?? $"{LocalDatePattern.Iso.Format(range.From)}-{LocalDatePattern.Iso.Format(range.To)}"}";
}

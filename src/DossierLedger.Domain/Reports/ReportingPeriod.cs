using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace DossierLedger.Domain.Reports;

/// <summary>How a named period maps to dates.</summary>
public enum ReportingWindow
{
    /// <summary>Calendar months, quarters, halves and years.</summary>
    Calendar,

    /// <summary>
    /// The administrative-report convention: from the 15th of the month before the period to the 14th of its
    /// last month (quarter 1 of 2025 = 15/12/2024–14/3/2025; year 2025 = 15/12/2024–14/12/2025).
    /// </summary>
    Admin,
}

/// <summary>
/// Named reporting periods (kỳ báo cáo): <c>2025</c>, <c>2025-H1</c>, <c>2025-Q3</c>, <c>2025-03</c>, turned into
/// inclusive local date ranges under a <see cref="ReportingWindow"/>.
/// </summary>
public static partial class ReportingPeriod
{
    [GeneratedRegex(@"^(?<year>\d{4})(?:-(?:(?<kind>[QH])(?<index>\d)|(?<month>\d{2})))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The dates of <paramref name="name"/>, or null when it is not a period name this understands.</summary>
    public static DateInterval? Resolve(string name, ReportingWindow window)
    {
        var match = Pattern().Match(name.Trim().ToUpperInvariant());
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        int firstMonth, months;
        if (match.Groups["month"].Success)
        {
            firstMonth = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
            months = 1;
        }
        else if (match.Groups["kind"].Success)
        {
            var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
            months = match.Groups["kind"].Value == "Q" ? 3 : 6;
            if (index < 1 || index > 12 / months)
            {
                return null;
            }

            firstMonth = ((index - 1) * months) + 1;
        }
        else
        {
            firstMonth = 1;
            months = 12;
        }

        if (year < 2000 || year > 2999 || firstMonth < 1 || firstMonth > 12)
        {
            return null;
        }

        var start = new LocalDate(year, firstMonth, 1);
        var lastMonth = start.PlusMonths(months - 1);
        return window == ReportingWindow.Admin
            ? new DateInterval(start.PlusMonths(-1).PlusDays(14), lastMonth.PlusDays(13))
            : new DateInterval(start, start.PlusMonths(months).PlusDays(-1));
    }
}

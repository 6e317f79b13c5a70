using DossierLedger.Api.Http;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Api.Reports;

/// <summary>The dates a report covers: <c>from</c> and <c>to</c>, or a named <c>period</c> under a <c>window</c>.</summary>
public sealed record ReportRange(LocalDate From, LocalDate To, string? Period, string? Window)
{
    /// <summary>The longest range a single report may span.</summary>
    private static readonly NodaTime.Period MaxRange = NodaTime.Period.FromYears(50);

    /// <summary>Reads the range from query values; null, with the problems in <paramref name="errors"/>, when it is not valid.</summary>
    public static ReportRange? Read(InputErrors errors, string? from, string? to, string? period, string? window)
    {
        LocalDate? first, last;
        var reportingWindow = errors.Choice<ReportingWindow>("window", window, required: false) ?? ReportingWindow.Calendar;
        if (period is not null)
        {
            if (from is not null || to is not null)
            {
                errors.Add("period", "give either a named period or from and to, not both.");
            }

            var named = ReportingPeriod.Resolve(period, reportingWindow);
            if (named is null)
            {
                errors.Add("period", "must name a year (2025), half (2025-H1), quarter (2025-Q1) or month (2025-03).");
            }

            (first, last) = (named?.Start, named?.End);
        }
        else
        {
            first = errors.Date("from", from, required: true);
            last = errors.Date("to", to, required: true);
        }

        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                errors.Add("to", "must not be before 'from'.");
            }
            else if (f + MaxRange < l)
            {
                errors.Add("to", "a report spans at most 50 years.");
            }
        }

        return errors.Any || first is null || last is null
            ? null
            : new ReportRange(first.Value, last.Value, period?.Trim().ToUpperInvariant(),
                period is null ? null : reportingWindow.ToString().ToLowerInvariant());
    }
}

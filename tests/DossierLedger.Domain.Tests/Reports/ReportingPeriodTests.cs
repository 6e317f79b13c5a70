using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

public sealed class ReportingPeriodTests
{
    [Theory]
    [InlineData("2025", "2025-01-01", "2025-12-31")]
    [InlineData("2025-H1", "2025-01-01", "2025-06-30")]
    [InlineData("2025-H2", "2025-07-01", "2025-12-31")]
    [InlineData("2025-Q1", "2025-01-01", "2025-03-31")]
    [InlineData("2024-Q1", "2024-01-01", "2024-03-31")]
    [InlineData("2025-q4", "2025-10-01", "2025-12-31")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("2025-12", "2025-12-01", "2025-12-31")]
    public void Calendar_periods_are_whole_months(string name, string from, string to) =>
        ReportingPeriod.Resolve(name, ReportingWindow.Calendar).ShouldBe(Interval(from, to));

    [Theory]
    [InlineData("2025-Q1", "2024-12-15", "2025-03-14")]
    [InlineData("2025", "2024-12-15", "2025-12-14")]
    [InlineData("2025-H2", "2025-06-15", "2025-12-14")]
    [InlineData("2025-03", "2025-02-15", "2025-03-14")]
    [InlineData("2025-01", "2024-12-15", "2025-01-14")]
    public void Admin_windows_run_from_the_15th_before_to_the_14th(string name, string from, string to) =>
        ReportingPeriod.Resolve(name, ReportingWindow.Admin).ShouldBe(Interval(from, to));

    [Theory]
    [InlineData("")]
    [InlineData("2025-Q5")]
    [InlineData("2025-Q0")]
    [InlineData("2025-H3")]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("25-Q1")]
    [InlineData("1999")]
    [InlineData("2025-Q1; drop table")]
    public void Anything_else_is_not_a_period(string name) =>
        ReportingPeriod.Resolve(name, ReportingWindow.Calendar).ShouldBeNull();

    [Fact]
    public void Admin_quarters_tile_the_admin_year()
    {
        var quarters = Enumerable.Range(1, 4).Select(q => ReportingPeriod.Resolve($"2025-Q{q}", ReportingWindow.Admin)!).ToList();
        var year = ReportingPeriod.Resolve("2025", ReportingWindow.Admin)!;

        quarters[0].Start.ShouldBe(year.Start);
        quarters[3].End.ShouldBe(year.End);
        for (var i = 1; i < 4; i++)
        {
            quarters[i].Start.ShouldBe(quarters[i - 1].End.PlusDays(1));
        }
    }

    private static DateInterval Interval(string from, string to) =>
        new(NodaTime.Text.LocalDatePattern.Iso.Parse(from).Value, NodaTime.Text.LocalDatePattern.Iso.Parse(to).Value);
}

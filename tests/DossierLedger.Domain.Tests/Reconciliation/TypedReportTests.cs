using DossierLedger.Domain.Reconciliation;

namespace DossierLedger.Domain.Tests.Reconciliation;

/// <summary>The seed commune's report of April 2025, as typed (domain.md §7), and the identities it breaks by itself.</summary>
public sealed class TypedReportTests
{
    /// <summary>The Biểu 06 figures of the report: they agree with one another.</summary>
    private static readonly TypedFigure[] SeedCounts =
    [
        new("received.total", 15034), new("received.carriedOver", 4), new("received.new", 15030),
        new("received.online", 8658), new("received.directOrPostal", 6372),
        new("resolved.total", 15022), new("resolved.early", 12228), new("resolved.onTime", 2793), new("resolved.overdue", 1),
        new("pending.total", 12), new("pending.withinDeadline", 12), new("pending.overdue", 0),
    ];

    [Fact]
    public void The_seed_reports_counts_agree_with_one_another()
    {
        TypedReport.Check(SeedCounts).ShouldBeEmpty();
    }

    [Fact]
    public void The_seed_reports_own_contradictions_are_each_named()
    {
        TypedFigure[] typed =
        [
            .. SeedCounts,
            new("electronicDocuments", 5326, "text"), new("electronicDocuments", 5236, "appendix"),
            new("tasksAssigned", 36, "text"), new("tasksAssigned", 7, "appendix 1.3"),
            new("rates.onTime", 100, "text"),
            new("rates.online", 100, "text"),
        ];

        var broken = TypedReport.Check(typed);

        broken.Select(b => (b.Rule, b.Figures[0].Figure)).ShouldBe(
        [
            (TypedReport.TypedTwice, "electronicDocuments"),
            (TypedReport.TypedTwice, "tasksAssigned"),
            (TypedReport.RateMismatch, "rates.onTime"),
            (TypedReport.RateMismatch, "rates.online"),
        ]);
        broken[0].Detail.ShouldBe("electronicDocuments is typed as 5326 (text) and 5236 (appendix).");
        broken[2].Detail.ShouldContain("99.99 %");
        broken[3].Detail.ShouldContain("57.6 %");
    }

    [Theory]
    [InlineData(111, TypedReport.RateOutOfRange)]
    [InlineData(198, TypedReport.RateOutOfRange)]
    [InlineData(78, TypedReport.RateMismatch)]
    public void A_count_printed_in_a_percent_column_breaks_the_rate(int typedRate, string rule)
    {
        TypedReport.Check([.. SeedCounts, new("rates.online", typedRate, "appendix")]).ShouldHaveSingleItem().Rule.ShouldBe(rule);
    }

    [Theory]
    [InlineData("57.6")]
    [InlineData("57.60")]
    [InlineData("58")]
    public void A_rate_rounded_to_the_decimals_typed_agrees(string typedRate)
    {
        TypedReport.Check([.. SeedCounts, new("rates.online", decimal.Parse(typedRate, System.Globalization.CultureInfo.InvariantCulture))]).ShouldBeEmpty();
    }

    [Fact]
    public void A_total_that_is_not_the_sum_of_its_parts_names_them()
    {
        var broken = TypedReport.Check([.. SeedCounts.Where(f => f.Figure != "resolved.early"), new("resolved.early", 12227)]);

        broken.Select(b => b.Rule).ShouldBe([TypedReport.SumMismatch]);
        broken[0].Detail.ShouldBe("resolved.total is typed as 15022, but resolved.early 12227 + resolved.onTime 2793 + resolved.overdue 1 = 15021.");
    }

    [Fact]
    public void A_total_whose_parts_were_not_typed_is_not_judged()
    {
        TypedReport.Check([new("received.total", 10), new("received.new", 3)]).ShouldBeEmpty();
    }
}

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

    /// <summary>A row of the official table: (1) … (11).</summary>
    private static TypedFigure[] OfficialRow(string? row, params long[] cells) =>
        [.. cells.Select((c, i) => new TypedFigure($"official.{i + 1}", c, null, row))];

    [Fact]
    public void An_official_row_must_add_up_and_a_row_must_be_the_sum_of_the_rows_under_it()
    {
        TypedFigure[] typed =
        [
            .. OfficialRow(null, 40, 0, 30, 10, 40, 40, 0, 0, 0, 0, 0),
            .. OfficialRow("commune", 40, 0, 30, 10, 40, 40, 0, 0, 0, 0, 0),
            .. OfficialRow("commune/BTXH", 40, 0, 30, 10, 40, 40, 0, 0, 0, 0, 0),
            .. OfficialRow("commune/BTXH/1.1", 25, 0, 20, 5, 25, 25, 0, 0, 0, 0, 0),
            .. OfficialRow("commune/BTXH/1.2", 14, 0, 10, 5, 15, 15, 0, 0, 0, 0, 0),
        ];

        var broken = TypedReport.Check(typed);

        broken.Select(b => (b.Rule, b.Figures[0].Figure, b.Figures[0].Row)).ShouldBe(
        [
            (TypedReport.SumMismatch, "official.1", "commune/BTXH/1.2"),
            (TypedReport.SumMismatch, "official.1", "commune/BTXH/1.2"),
            (TypedReport.SumMismatch, "official.1", "commune/BTXH"),
        ]);
        broken[2].Detail.ShouldBe("official.1 of commune/BTXH is typed as 40, but the 2 rows under it sum to 39: commune/BTXH/1.1 25 + commune/BTXH/1.2 14.");
    }

    [Fact]
    public void A_rate_beside_a_bieu06_file_is_checked_against_its_total_row()
    {
        var broken = TypedReport.Check([.. OfficialRow(null, 15034, 4, 8658, 6372, 15022, 12228, 2793, 1, 12, 12, 0), new("rates.onTime", 100)]);

        broken.ShouldHaveSingleItem().Rule.ShouldBe(TypedReport.RateMismatch);
    }

    [Theory]
    [InlineData(11, 12, true)]
    [InlineData(-20, 0, true)]
    [InlineData(22, 1, false)]
    [InlineData(1, 1001, false)]
    public void The_receipts_behind_a_small_difference_are_listed(long typed, long ledger, bool listed)
    {
        var compared = TypedReport.Compare([new("pending.total", typed)], _ => ledger).ShouldHaveSingleItem();

        (TypedReport.IsExplainedByDossiers(compared), TypedReport.ListsReceipts(compared)).ShouldBe((true, listed));
        TypedReport.IsExplainedByDossiers(TypedReport.Compare([new("electronicDocuments", 3)], _ => 2)[0]).ShouldBeFalse();
        TypedReport.IsExplainedByDossiers(TypedReport.Compare([new("official.1", 3, null, "commune")], _ => 2)[0]).ShouldBeFalse("a level's row has no narrowing");
    }
}

using System.Collections.Immutable;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using DossierLedger.Domain.Units;
using NodaTime;

namespace DossierLedger.Domain.Tests.Reports;

/// <summary>The official Biểu 06 worked by hand: its columns, its levels, and one month under each folding.</summary>
public class OfficialBieu06Tests
{
    private static readonly LocalDate From = new(2025, 3, 1);
    private static readonly LocalDate To = new(2025, 3, 31);

    private static DossierFacts Facts(
        string received, string? due, string? closed = null, Closure? closure = null, Timeliness? timeliness = null, Channel channel = Channel.Direct) =>
        new("U", "F", "P", channel, Date(received), due is null ? null : Date(due), closed is null ? null : Date(closed), closure, timeliness);

    private static LocalDate Date(string monthDay) => NodaTime.Text.LocalDatePattern.Iso.Parse($"2025-{monthDay}").GetValueOrThrow();

    /// <summary>A month with every way a dossier can stand in it (dates are 2025 month-day).</summary>
    private static readonly DossierFacts[] March =
    [
        Facts("03-03", "03-06", "03-05", Closure.Resolved, Timeliness.Early),
        Facts("03-03", "03-06", "03-06", Closure.Resolved, Timeliness.OnTime),
        Facts("03-03", "03-06", "03-07", Closure.Resolved, Timeliness.Overdue),
        Facts("03-10", "03-13", "03-11", Closure.Withdrawn), // before its due date: early
        Facts("03-10", "03-13", "03-13", Closure.Withdrawn), // on it: on time
        Facts("03-10", null, "03-20", Closure.Withdrawn), // while paused in time: on time
        Facts("03-10", "03-13", "03-17", Closure.Stopped, channel: Channel.Postal), // after it: overdue
        Facts("03-10", "03-13", "03-12", Closure.Stopped), // early
        Facts("03-25", "04-02", channel: Channel.Online), // pending within its deadline
        Facts("03-20", "03-25"), // pending past it
        Facts("02-20", "02-25", "03-03", Closure.Withdrawn, channel: Channel.Online), // carried over, withdrawn overdue
        Facts("02-01", "02-05", "02-04", Closure.Resolved, Timeliness.Early), // closed before the month: not in it
    ];

    [Fact]
    public void The_ledger_keeps_withdrawn_and_stopped_apart_and_judges_them_against_their_due()
    {
        var figures = PeriodFigures.FromDefinition(March, From, To);

        figures.Received.ShouldBe(new ReceivedFigures(11, 1, 10, 1, 8, 1));
        figures.Resolved.ShouldBe(new ResolvedFigures(3, 1, 1, 1));
        figures.ClosedOther.ShouldBe(new ClosedOtherFigures(4, 2));
        figures.Pending.ShouldBe(new PendingFigures(2, 1, 1));
        var judged = ClosedOtherTimeliness.FromDefinition(March, From, To);
        judged.ShouldBe(new ClosedOtherTimeliness(new EndedFigures(4, 1, 2, 1), new EndedFigures(2, 1, 0, 1), new EndedFigures(0, 0, 0, 0)));
        ClosedOtherTimeliness.FromCumulative(Cumulative.Before(March, From), Cumulative.Before(March, To.PlusDays(1))).ShouldBe(judged);
    }

    [Theory]
    [InlineData(Bieu06Folding.Peer, new long[] { 11, 1, 1, 9, 9, 3, 3, 3, 2, 1, 1 })]
    [InlineData(Bieu06Folding.AsOnTime, new long[] { 11, 1, 1, 9, 9, 1, 7, 1, 2, 1, 1 })]
    public void A_month_under_each_folding(Bieu06Folding folding, long[] cells)
    {
        var official = OfficialBieu06.Fold(
            Cumulative.Figures(March, From, To),
            ClosedOtherTimeliness.FromCumulative(Cumulative.Before(March, From), Cumulative.Before(March, To.PlusDays(1))),
            folding);

        official.Cells.ShouldBe(cells);
        official.Received.Total.ShouldBe(official.Resolved.Total + official.Pending.Total);
    }

    [Fact]
    public void Figures_and_judgements_of_other_dossiers_do_not_fold_together()
    {
        var figures = PeriodFigures.FromDefinition(March, From, To);

        Should.Throw<ArgumentException>(() => OfficialBieu06.Fold(
            figures, ClosedOtherTimeliness.FromDefinition(March.Take(6), From, To), Bieu06Folding.Peer));
    }

    [Fact]
    public void The_columns_are_numbered_left_to_right_under_the_forms_three_groups()
    {
        OfficialBieu06.Columns.Select(c => c.Number).ShouldBe(Enumerable.Range(1, 11));
        OfficialBieu06.Columns.Select(c => c.Group).Distinct()
            .ShouldBe(["Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết"]);
        OfficialBieu06.Columns.Where(c => c.SubGroup is not null).Select(c => c.Label)
            .ShouldBe(["Trực tuyến", "Trực tiếp, dịch vụ bưu chính"]);
        OfficialBieu06.Columns.Select(c => c.Key).ShouldBeUnique();
    }

    [Fact]
    public void Foldings_have_the_names_configuration_and_requests_use()
    {
        OfficialBieu06.Foldings.Keys.ShouldBe(["peer", "as-on-time"]);
        OfficialBieu06.NameOf(Bieu06Folding.AsOnTime).ShouldBe("as-on-time");
        Enum.GetValues<Bieu06Folding>().Select(OfficialBieu06.NameOf).ShouldBeUnique();
    }

    [Theory]
    [InlineData(UnitLevel.Province, "provincial")]
    [InlineData(UnitLevel.District, "district")]
    [InlineData(UnitLevel.Commune, "commune")]
    public void Each_unit_level_has_its_row_group(UnitLevel level, string code)
    {
        var unit = new AdministrativeUnit("X", "X", level, new LocalDate(2000, 1, 1), null, null, [], ImmutableList<string>.Empty);

        OfficialBieu06.LevelOf(unit).Code.ShouldBe(code);
    }

    [Fact]
    public void Levels_come_highest_first_and_unregistered_units_last()
    {
        Bieu06Level.All.Select(l => l.Order).ShouldBeInOrder();
        Bieu06Level.All.Select(l => l.Order).ShouldBeUnique();
        OfficialBieu06.LevelOf(null).ShouldBe(Bieu06Level.Unregistered);
        Bieu06Level.All[^1].ShouldBe(Bieu06Level.Unregistered);
    }
}

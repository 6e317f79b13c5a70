using DossierLedger.Domain.Reports;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Period edges, over HTTP: what counts where when things happen around midnight and across periods.</summary>
[Collection(LedgerCollection.Name)]
public sealed class PeriodBoundaryTests(LedgerFixture ledger)
{
    private static PeriodFigures Expect(long carried, long online, long direct, long early, long onTime, long overdue,
        long withdrawn, long pending, long pendingOverdue)
    {
        var received = online + direct;
        return new PeriodFigures(
            new ReceivedFigures(carried + received, carried, received, online, direct, 0),
            new ResolvedFigures(early + onTime + overdue, early, onTime, overdue),
            new ClosedOtherFigures(withdrawn, 0),
            new PendingFigures(pending, pending - pendingOverdue, pendingOverdue));
    }

    [Fact]
    public async Task Received_at_the_last_second_and_resolved_at_midnight_belongs_to_two_periods()
    {
        var unit = LedgerFixture.NewUnit();
        // 3 working days: received Monday 31/3 23:59:59 (clock starts Tuesday 07:00), due Thursday 3/4 17:00.
        var id = await ledger.ReceiveAsync(unit, "2025-03-31T23:59:59+07:00");
        await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-01T00:00:00+07:00" });

        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31"))
            .ShouldBe(Expect(carried: 0, online: 0, direct: 1, early: 0, onTime: 0, overdue: 0, withdrawn: 0, pending: 1, pendingOverdue: 0));
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-04-01", "2025-04-30"))
            .ShouldBe(Expect(carried: 1, online: 0, direct: 0, early: 1, onTime: 0, overdue: 0, withdrawn: 0, pending: 0, pendingOverdue: 0));
    }

    [Fact]
    public async Task A_dossier_open_for_months_is_carried_over_into_each_period_and_overdue_once_its_due_date_has_passed()
    {
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit, "2025-01-06T09:00:00+07:00"); // due Thursday 9/1 09:00
        await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-03-10T10:00:00+07:00" });

        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-01-01", "2025-01-08"))
            .ShouldBe(Expect(0, 0, 1, 0, 0, 0, 0, pending: 1, pendingOverdue: 0));
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-01-01", "2025-01-09"))
            .ShouldBe(Expect(0, 0, 1, 0, 0, 0, 0, pending: 1, pendingOverdue: 1));
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-02-01", "2025-02-28"))
            .ShouldBe(Expect(1, 0, 0, 0, 0, 0, 0, pending: 1, pendingOverdue: 1));
        SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31"))
            .ShouldBe(Expect(1, 0, 0, 0, 0, overdue: 1, 0, pending: 0, pendingOverdue: 0));
    }

    [Fact]
    public async Task Resolved_on_the_due_date_is_on_time_and_a_withdrawal_counts_in_its_own_column()
    {
        var unit = LedgerFixture.NewUnit();
        var onTime = await ledger.ReceiveAsync(unit, "2025-04-01T08:00:00+07:00"); // due Friday 4/4 08:00
        await ledger.PostAsync($"/api/dossiers/{onTime}/resolution", new { at = "2025-04-04T16:00:00+07:00" });
        var withdrawn = await ledger.ReceiveAsync(unit, "2025-04-02T08:00:00+07:00", channel: "online");
        await ledger.PostAsync($"/api/dossiers/{withdrawn}/withdrawal", new { at = "2025-04-03T08:00:00+07:00", reason = "rút" });

        var figures = SeedCommuneReportTests.Figures(await ledger.ReportAsync(unit, "2025-04-01", "2025-04-30"));

        figures.ShouldBe(Expect(0, online: 1, direct: 1, early: 0, onTime: 1, overdue: 0, withdrawn: 1, pending: 0, pendingOverdue: 0));
        figures.Received.Total.ShouldBe(figures.Resolved.Total + figures.ClosedOther.Withdrawn + figures.ClosedOther.Stopped + figures.Pending.Total);
    }

    [Fact]
    public async Task An_empty_unit_reports_zeros_and_null_rates()
    {
        var report = await ledger.ReportAsync(LedgerFixture.NewUnit(), "2025-01-01", "2025-12-31");

        SeedCommuneReportTests.Figures(report).ShouldBe(Expect(0, 0, 0, 0, 0, 0, 0, 0, 0));
        report.GetProperty("rates").GetProperty("onTime").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        foreach (var groupBy in new[] { "field", "procedure" })
        {
            var (status, grouped, _) = await ledger.GetAsync($"/api/reports/period?from=2025-01-01&to=2025-12-31&unit=NOBODY&groupBy={groupBy}");
            status.ShouldBe(System.Net.HttpStatusCode.OK, grouped.ToString());
            grouped.GetProperty("groups").GetArrayLength().ShouldBe(0);
            grouped.GetProperty("received").GetProperty("total").GetInt64().ShouldBe(0);
        }
    }
}

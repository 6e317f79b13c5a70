using System.Net;
using DossierLedger.Api.Demo;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>A report as the ledger knew it at an instant, refolded from the events recorded by then.</summary>
[Collection(LedgerCollection.Name)]
public sealed class KnownReportTests(LedgerFixture ledger)
{
    [Fact]
    public async Task A_submitted_report_is_reproduced_exactly_after_late_entries()
    {
        var unit = LedgerFixture.NewUnit();
        var early = await ledger.ReceiveAsync(unit, "2025-03-03T08:00:00+07:00");
        await ledger.PostAsync($"/api/dossiers/{early}/resolution", new { at = "2025-03-04T08:00:00+07:00" });
        await ledger.ReceiveAsync(unit, "2025-03-20T08:00:00+07:00", channel: "online");
        await Task.Delay(50);
        var submittedAt = LedgerFixture.NowForQuery();
        var submitted = await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31");
        await Task.Delay(50);

        // Entered late: a dossier of 5 March, resolved on the 6th, recorded after the report went out.
        var late = await ledger.ReceiveAsync(unit, "2025-03-05T08:00:00+07:00", channel: "postal");
        await ledger.PostAsync($"/api/dossiers/{late}/resolution", new { at = "2025-03-06T08:00:00+07:00" });

        var (status, asKnown, _) = await ledger.GetAsync($"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={unit}&asKnownAt={submittedAt}");
        var current = await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31");

        status.ShouldBe(HttpStatusCode.OK, asKnown.ToString());
        SeedCommuneReportTests.Figures(asKnown).ShouldBe(SeedCommuneReportTests.Figures(submitted));
        SeedCommuneReportTests.Quality(asKnown).ShouldBe(SeedCommuneReportTests.Quality(submitted));
        asKnown.GetProperty("asKnownAt").GetString().ShouldNotBeNull();
        SeedCommuneReportTests.Figures(current).Received.Postal.ShouldBe(1);
        SeedCommuneReportTests.Figures(asKnown).Received.Postal.ShouldBe(0);
    }

    [Fact]
    public async Task Before_anything_was_recorded_the_report_is_empty()
    {
        var (_, asKnown, _) = await ledger.GetAsync("/api/reports/period?from=2021-01-01&to=2025-04-14&unit=KP&asKnownAt=2000-01-01T00:00:00Z");

        SeedCommuneReportTests.Figures(asKnown).Received.Total.ShouldBe(0);
    }

    [Fact]
    public async Task Refolding_every_event_gives_what_the_projections_give()
    {
        var (status, refolded, _) = await ledger.GetAsync($"/api/reports/period?from=2021-01-01&to=2025-04-14&unit=KP&groupBy=field&asKnownAt={LedgerFixture.NowForQuery()}");
        var (_, projected, _) = await ledger.GetAsync("/api/reports/period?from=2021-01-01&to=2025-04-14&unit=KP&groupBy=field");

        status.ShouldBe(HttpStatusCode.OK, refolded.ToString());
        SeedCommuneReportTests.Figures(refolded).ShouldBe(DemoCommune.Expected);
        SeedCommuneReportTests.Quality(refolded).ShouldBe(SeedCommuneReportTests.Quality(projected));
        refolded.GetProperty("groups").EnumerateArray().Select(SeedCommuneReportTests.Figures)
            .ShouldBe(projected.GetProperty("groups").EnumerateArray().Select(SeedCommuneReportTests.Figures));
    }
}

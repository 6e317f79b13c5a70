using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The auditor's whole story: a month of activity, a report submitted, then late entries and a correction.
/// The report as known when it was submitted comes back exactly; the current one reflects what came later.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class AuditorScenarioTests(LedgerFixture ledger)
{
    [Fact]
    public async Task A_submitted_report_stays_reproducible_through_late_entries_and_a_correction()
    {
        var unit = LedgerFixture.NewUnit();
        var channels = new[] { "direct", "online", "postal" };
        var dossiers = new List<Guid>();
        for (var day = 3; day <= 28; day++)
        {
            var date = new LocalDate(2025, 3, day);
            if (date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
            {
                continue;
            }

            var id = await ledger.ReceiveAsync(unit, $"2025-03-{day:D2}T08:00:00+07:00", channel: channels[day % 3]);
            dossiers.Add(id);
            if (day <= 24)
            {
                await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = $"2025-03-{day + 1:D2}T10:00:00+07:00" });
            }
        }

        await Task.Delay(50);
        var submittedAt = LedgerFixture.NowForQuery();
        var submitted = await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31");
        await Task.Delay(50);

        // Late entries: two dossiers of mid-March keyed in after the report went out …
        var late = await ledger.ReceiveAsync(unit, "2025-03-12T09:00:00+07:00", channel: "online");
        await ledger.PostAsync($"/api/dossiers/{late}/resolution", new { at = "2025-03-13T09:00:00+07:00" });
        await ledger.ReceiveAsync(unit, "2025-03-14T09:00:00+07:00", channel: "direct");
        // … and a correction: the first dossier came online, not in person.
        var (_, history, _) = await ledger.GetAsync($"/api/audit/events?dossier={dossiers[0]}");
        var receipt = history.GetProperty("items")[0].GetProperty("eventId").GetGuid();
        await ledger.PostAsync($"/api/dossiers/{dossiers[0]}/corrections/channel", new { supersedes = receipt, channel = "online", reason = "nhập nhầm kênh" });

        var (_, asSubmitted, _) = await ledger.GetAsync($"/api/reports/period?from=2025-03-01&to=2025-03-31&unit={unit}&asKnownAt={submittedAt}");
        var current = await ledger.ReportAsync(unit, "2025-03-01", "2025-03-31");

        SeedCommuneReportTests.Figures(asSubmitted).ShouldBe(SeedCommuneReportTests.Figures(submitted));
        SeedCommuneReportTests.Quality(asSubmitted).ShouldBe(SeedCommuneReportTests.Quality(submitted));
        var before = SeedCommuneReportTests.Figures(submitted).Received;
        var after = SeedCommuneReportTests.Figures(current).Received;
        after.New.ShouldBe(before.New + 2);
        after.Online.ShouldBe(before.Online + 2); // the late online dossier and the corrected one
        after.Direct.ShouldBe(before.Direct); // one late in person, one corrected away
        SeedCommuneReportTests.Figures(current).Resolved.Total.ShouldBe(SeedCommuneReportTests.Figures(submitted).Resolved.Total + 1);
        (await ledger.GetAsync("/api/audit/chain")).Body.GetProperty("intact").GetBoolean().ShouldBeTrue();
    }
}

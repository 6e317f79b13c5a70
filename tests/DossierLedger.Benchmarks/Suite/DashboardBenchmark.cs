using System.Diagnostics;
using Microsoft.Playwright;

namespace DossierLedger.Benchmarks.Suite;

/// <summary>
/// The dashboard's first view in Debian's Chromium (Playwright): from asking for the page of a unit's year of monthly
/// rates to the view drawn, signed in beforehand; beside it, the JSON that view draws (the units and one period report
/// per month, asked at once) fetched by the benchmark's own client.
/// </summary>
public static class DashboardBenchmark
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<IReadOnlyList<ReportTimings>> RunAsync(ApiProcess api, string token, string commune, string province, int rounds)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = api.Address.ToString(), Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/sign-in");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#view[data-state=ready], #view[data-state=error]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

        var (view, json) = (new ReportTimings("dashboard first view in Chromium (a year of monthly rates)", new Samples(), new Samples()),
            new ReportTimings("the JSON it draws, fetched at once (baseline)", new Samples(), new Samples()));
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (unit, isProvince) in new[] { (commune, false), (province, true) })
            {
                await page.GotoAsync("about:blank");
                var watch = Stopwatch.StartNew();
                await page.GotoAsync($"/dashboard#view=rates&from=2025-01-01&to=2025-12-31&unit={unit}");
                await page.WaitForSelectorAsync("#view[data-state=ready]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
                (isProvince ? view.Province : view.Commune).Add(watch.Elapsed.TotalMilliseconds);

                watch.Restart();
                var months = Enumerable.Range(1, 12).Select(m =>
                    $"/api/reports/period?from=2025-{m:D2}-01&to=2025-{m:D2}-{DateTime.DaysInMonth(2025, m):D2}&unit={unit}");
                await Task.WhenAll(months.Append("/api/units").Select(path => ReportBuilderBenchmark.GetAsync(api.Client, token, path)));
                (isProvince ? json.Province : json.Commune).Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return [view, json];
    }
}

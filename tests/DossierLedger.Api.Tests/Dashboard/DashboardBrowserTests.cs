using System.Globalization;
using DossierLedger.Api.Dashboard;
using DossierLedger.Api.Security;
using Microsoft.Playwright;

namespace DossierLedger.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium against the host on a real port, with the demo commune (KP) loaded: sign
/// in with a token, open a report, click a figure and see its dossiers; the session cookie's rules.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardHost host)
{
    private const string Year = "from=2024-01-01&to=2024-12-31";

    /// <summary>Where the screenshots of a run go (the images under docs/images are taken from here).</summary>
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static async Task SignInAsync(IPage page, string token)
    {
        await page.GotoAsync("/dashboard");
        page.Url.ShouldEndWith(DashboardEndpoints.SignInPath, customMessage: "without a session the page sends to the sign-in form");
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.EndsWith(DashboardEndpoints.Path, StringComparison.Ordinal));
    }

    /// <summary>Opens a view through the address and waits until it is drawn (or refused).</summary>
    private static async Task OpenAsync(IPage page, string fragment)
    {
        await page.EvaluateAsync("fragment => { document.getElementById('view').dataset.state = 'stale'; location.hash = fragment; }", fragment);
        await page.WaitForSelectorAsync("#view[data-state=ready], #view[data-state=error]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
    }

    private static int Number(string text) => int.Parse(text.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Signs_in_opens_Bieu_06_and_a_click_on_a_figure_lists_as_many_dossiers_as_it_counts()
    {
        var page = await host.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        // A script error or a refusal by the page's Content-Security-Policy shows in the console.
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 40", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await SignInAsync(page, host.AdminToken);
        await page.WaitForSelectorAsync("#view[data-state=ready]");
        requested.ShouldAllBe(url => url.StartsWith(host.Address.ToString(), StringComparison.Ordinal), "everything comes from the host itself");

        // Open the report the way a person does: unit, range, then the tab.
        await page.SelectOptionAsync("#unit", "KP");
        await page.FillAsync("#from", "2024-01-01");
        await page.FillAsync("#to", "2024-12-31");
        await page.ClickAsync("#filters button[type=submit]");
        await Assertions.Expect(page.Locator("#rates-table tbody td").First).ToHaveTextAsync("01/2024");
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-rates.png"), FullPage = true });
        await page.ClickAsync("#tabs button[data-view=bieu06]");
        await page.WaitForSelectorAsync("#bieu06-table");

        var expected = (await host.GetJsonAsync($"/api/reports/bieu06?unit=KP&{Year}")).GetProperty("official").GetProperty("total").GetProperty("cells");
        var totalRow = page.Locator("#bieu06-table tr.total");
        foreach (var column in new[] { 1, 8 })
        {
            var cell = totalRow.Locator($"button[data-figure='official.{column}']");
            var figure = Number(await cell.InnerTextAsync());
            figure.ShouldBe(expected[column - 1].GetInt32(), $"column ({column}) as the API answers it");

            await cell.ClickAsync();
            await page.WaitForSelectorAsync($"#dossiers[data-figure='official.{column}'] #dossiers-total");
            Number(await page.InnerTextAsync("#dossiers-total")).ShouldBe(figure, $"the dossiers behind ({column})");
            var listed = await page.Locator("#dossiers-table tbody tr").CountAsync();
            listed.ShouldBe(Math.Min(figure, 20), "the first page lists them");
            await page.ClickAsync("#dossiers-close");
        }

        // A row of a procedure narrows the list to it.
        var procedureCell = page.Locator("#bieu06-table tr.procedure button[data-figure='official.1']").First;
        var procedureFigure = Number(await procedureCell.InnerTextAsync());
        await procedureCell.ClickAsync();
        await Assertions.Expect(page.Locator("#dossiers-total")).ToHaveTextAsync(await procedureCell.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard-bieu06-dossiers.png") });

        // The other views draw from the same session.
        await OpenAsync(page, $"view=qd766&unit=KP&{Year}");
        (await page.Locator("#qd766-table tbody tr").CountAsync()).ShouldBe(8);
        await OpenAsync(page, $"view=queues&unit=KP&{Year}");
        await page.WaitForSelectorAsync("#overdue");
        await page.WaitForSelectorAsync("#due-soon");
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_limited_to_a_unit_is_offered_only_its_units_and_is_refused_another_units_figures()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, await host.MintAsync("kp-reporter", Roles.Reporter, "KP"));
        await page.WaitForSelectorAsync("#view[data-state=ready]");

        // The picker is filled beside the first view.
        await Assertions.Expect(page.Locator("#unit option")).ToHaveCountAsync(1);
        var offered = await page.Locator("#unit option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        offered.ShouldBe(["KP"]);

        await OpenAsync(page, $"view=bieu06&unit=TN&{Year}");
        (await page.InnerTextAsync("#message")).ShouldBe("Bạn không có quyền xem số liệu của đơn vị này.");
        (await page.Locator("#bieu06-table").CountAsync()).ShouldBe(0);

        // A reporter reads reports, not the desks' queues.
        await OpenAsync(page, $"view=queues&unit=KP&{Year}");
        (await page.InnerTextAsync("#message")).ShouldBe("Vai trò của bạn không được xem mục này.");
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, host.AdminToken);

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == DashboardSession.CookieName);
        session.HttpOnly.ShouldBeTrue();
        session.SameSite.ShouldBe(SameSiteAttribute.Strict);
        session.Path.ShouldBe("/");
        (await page.EvaluateAsync<string>("document.cookie")).ShouldNotContain(DashboardSession.CookieName);
    }

    [Fact]
    public async Task Signing_out_needs_the_forms_antiforgery_token()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, host.AdminToken);
        await page.WaitForSelectorAsync("#view[data-state=ready]");

        var forged = await page.EvaluateAsync<int>(
            "fetch('/dashboard/sign-out', { method: 'POST', body: new URLSearchParams({}) }).then(r => r.status)");
        forged.ShouldBe(400);
        (await page.EvaluateAsync<int>("fetch('/dashboard/session').then(r => r.status)")).ShouldBe(200, "still signed in");

        await page.ClickAsync("#sign-out button");
        await page.WaitForURLAsync(url => url.EndsWith(DashboardEndpoints.SignInPath, StringComparison.Ordinal));
        (await page.EvaluateAsync<int>("fetch('/dashboard/session').then(r => r.status)")).ShouldBe(401, "signed out");
    }

    [Fact]
    public async Task The_session_reads_the_API_but_cannot_write_through_it()
    {
        var page = await host.NewPageAsync();
        await SignInAsync(page, host.AdminToken);

        (await page.EvaluateAsync<int>("fetch('/api/reports/period?period=2024&unit=KP').then(r => r.status)")).ShouldBe(200);
        var write = await page.EvaluateAsync<int>("""
            fetch('/api/dossiers', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ unitCode: 'KP', procedureCode: '1.004873', channel: 'direct' }) }).then(r => r.status)
            """);
        write.ShouldBe(401, "a write needs the bearer token, whatever cookie the browser sends");
    }

    [Fact]
    public async Task A_wrong_token_gets_the_form_again_with_a_message()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync(DashboardEndpoints.SignInPath);
        await page.FillAsync("#token", "dl_not-a-token");
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
            response => response.Url.EndsWith(DashboardEndpoints.SignInPath, StringComparison.Ordinal) && response.Request.Method == "POST");

        answer.Status.ShouldBe(401);
        (await page.InnerTextAsync(".message")).ShouldBe("Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == DashboardSession.CookieName);
    }
}

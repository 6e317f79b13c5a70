using System.Net.Http.Headers;
using System.Text.Json;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Security;
using DossierLedger.Api.Tests.Integration;
using Marten;
using Microsoft.Playwright;

namespace DossierLedger.Api.Tests.Dashboard;

/// <summary>
/// The host as a process on a real port, on a database of its own with the demo commune loaded, and Debian's Chromium
/// driven by Playwright (Playwright's own browser download is never used).
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private DocumentStore _store = null!;
    private NodeProcess _node = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address => _node.Address;

    /// <summary>An admin token; <see cref="MintAsync"/> makes others.</summary>
    public string AdminToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).ShouldBeTrue($"the browser tests drive Debian's Chromium at {Chromium} (./test.sh installs it)");
        var database = await TestDatabases.FreshAsync("dossierledger_dashboard");
        await NodeProcess.RunCommandAsync(database, "seed-demo");
        _store = DocumentStore.For(options =>
        {
            options.Connection(new ChainKey(NodeProcess.ChainKey).Apply(database));
            HostSetup.ConfigureStore(options);
        });
        AdminToken = await MintAsync("dashboard-admin", Roles.Admin);
        _node = NodeProcess.Start("dashboard", database, AdminToken, new Dictionary<string, string> { ["Serilog__MinimumLevel__Default"] = "Warning" });
        await _node.WaitUntilServingAsync(TimeSpan.FromMinutes(1));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<string> MintAsync(string name, string role, params string[] units)
    {
        using var tokens = new ApiTokens(_store, NodaTime.SystemClock.Instance);
        return (await tokens.MintAsync(name, role, units, NodaTime.Duration.FromHours(2), CancellationToken.None)).Secret;
    }

    /// <summary>A fresh browser context (no cookies) with a page on the host, its viewport wide enough for Biểu 06.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1500, Height = 1000 },
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        return await context.NewPageAsync();
    }

    /// <summary>GET <paramref name="path"/> with the admin token, as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return JsonDocument.Parse(await client.GetStringAsync(path)).RootElement.Clone();
    }

    /// <summary>The host's last lines, for a failure message.</summary>
    public string Tail => _node.Tail;

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _store?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}

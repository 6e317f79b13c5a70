using System.Globalization;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Http;
using DossierLedger.Api.Projections;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Units;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DossierLedger.Api.Demo;

public sealed class SeedDemoInput : NetCoreInput
{
    [Description("Seed of the generated history (the published figures come from the default)")]
    public int SeedFlag { get; set; } = DemoLoader.DefaultSeed;
}

/// <summary><c>seed-demo</c>: loads the demo commune's history once (a second run finds it and loads nothing).</summary>
[Description("Load the demo commune's dossiers (idempotent)", Name = "seed-demo")]
public sealed class SeedDemoCommand : JasperFxAsyncCommand<SeedDemoInput>
{
    public override async Task<bool> Execute(SeedDemoInput input)
    {
        // The schema and the store, without starting the host: no HTTP listener, so it runs beside a live API.
        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var services = host.Services;
        await services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync(input.SeedFlag, CancellationToken.None);
        return true;
    }
}

/// <summary>
/// <c>demo</c>: the main job. Starts the API (on the embedded database unless one is configured), loads
/// the demo data if the unit is empty, prints the demo range's report in the Biểu 06 layout, and serves.
/// </summary>
[Description("Load the demo data if needed, print its Biểu 06 report, and serve the API", Name = "demo")]
public sealed class DemoCommand : JasperFxAsyncCommand<SeedDemoInput>
{
    public override async Task<bool> Execute(SeedDemoInput input)
    {
        using var host = input.BuildHost();
        var services = host.Services;
        // /health says "starting" until the demo is loaded and projected: its report is not right before.
        using (services.GetRequiredService<NodeReadiness>().Until("the demo commune's load"))
        {
            await host.StartAsync();
            await LoadAsync(services.GetRequiredService<DemoLoader>(), input.SeedFlag);
            await WaitForProjectionsAsync(services.GetRequiredService<ProjectionStatus>());
        }

        await RebuildIfOfAnOlderModelAsync(services);
        var (query, catalogue, units) = (
            services.GetRequiredService<PeriodReportQuery>(), services.GetRequiredService<ProcedureCatalogue>(), services.GetRequiredService<UnitDirectory>());
        var table = await Bieu06Endpoint.BuildAsync(query, units, catalogue, DemoCommune.UnitCode,
            new ReportRange(DemoCommune.From, DemoCommune.To, null, null), services.GetRequiredService<Bieu06Settings>().Folding, CancellationToken.None);
        var report = await PeriodReportEndpoint.BuildAsync(
            query, catalogue, services.GetRequiredService<IndicatorTargets>(), DemoCommune.UnitCode,
            await units.CoverageAsync(DemoCommune.UnitCode, DemoCommune.From, DemoCommune.To, null, CancellationToken.None),
            DemoCommune.From, DemoCommune.To, ReportGrouping.None, CancellationToken.None);
        Console.WriteLine();
        Bieu06Printer.Print(table, Console.Out);
        Console.WriteLine();
        Bieu06Printer.PrintIndicators(report, Console.Out);
        Console.WriteLine();
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        // Every endpoint but /health needs a token: the demo mints a day-long admin token to try it with.
        var token = await services.GetRequiredService<ApiTokens>().MintAsync("demo-admin", Roles.Admin, [], NodaTime.Duration.FromDays(1), CancellationToken.None);
        Console.WriteLine($"API: {string.Join(", ", addresses)}. Ctrl+C stops.");
        Console.WriteLine($"Admin token for today (shown once): {token.Secret}");
        Console.WriteLine($"  curl -H 'Authorization: Bearer {token.Secret}' '{addresses.FirstOrDefault()}/api/reports/period?from=2021-01-01&to=2025-04-14&unit=KP'");
        Console.WriteLine($"Dashboard (sign in with the token): {addresses.FirstOrDefault()}{Dashboard.DashboardEndpoints.Path}");
        if (services.GetRequiredService<ApiReference.Access>().IsPublic)
        {
            Console.WriteLine($"Browse and try the API (paste the token under Authentication): {addresses.FirstOrDefault()}{ApiReference.BrowserPath}");
        }
        await host.WaitForShutdownAsync();
        return true;
    }

    private static async Task LoadAsync(DemoLoader loader, int seed)
    {
        var line = new ProgressLine(Console.Error);
        var loaded = await loader.LoadIfEmptyAsync(seed, CancellationToken.None, p => line.Show(
            (double)p.Stored / p.Total,
            string.Create(CultureInfo.InvariantCulture, $"demo commune: {p.Stored:N0}/{p.Total:N0} dossiers, {p.EventsPerSecond:N0} events/s")));
        line.Done();
        Console.WriteLine(loaded > 0 ? $"Demo commune loaded: {loaded:N0} dossiers." : "Demo commune already loaded.");
    }

    /// <summary>
    /// The demo's own database, kept from an earlier version, may hold counters of an older report model: the demo derives
    /// them again (a few seconds) rather than print nothing. A served database waits for its operator's rebuild instead.
    /// </summary>
    private static async Task RebuildIfOfAnOlderModelAsync(IServiceProvider services)
    {
        await using (var connection = await services.GetRequiredService<Marten.IDocumentStore>().OpenConnectionAsync(CancellationToken.None))
        {
            if (await ReportModelStamp.RecordedAsync(connection, CancellationToken.None) >= ReportModel.Version)
            {
                return;
            }
        }

        Console.WriteLine("The demo database's report counters are of an earlier report model: rebuilding the projections.");
        await services.GetRequiredService<ProjectionRebuilder>().RebuildAsync(Console.WriteLine, CancellationToken.None);
    }

    /// <summary>With async projections the report follows the events: wait until it has caught up (at once when inline).</summary>
    private static async Task WaitForProjectionsAsync(ProjectionStatus status)
    {
        var reported = DateTime.UtcNow;
        while (await status.BehindAsync(CancellationToken.None) is var behind and > 0)
        {
            if (DateTime.UtcNow - reported > TimeSpan.FromSeconds(2))
            {
                Console.WriteLine($"Projections catching up: {behind:N0} events to go");
                reported = DateTime.UtcNow;
            }

            await Task.Delay(200);
        }
    }
}

using System.Globalization;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Units;
using JasperFx.CommandLine;
using NodaTime.Text;

namespace DossierLedger.Api.NationalPortal;

public sealed class BackfillInput : NetCoreInput
{
    [Description("The unit whose dossiers are sent, with the units under it and merged into it (default: every unit)")]
    public string? UnitFlag { get; set; }

    [Description("The first day of receipt (yyyy-MM-dd; default 2000-01-01)")]
    public string FromFlag { get; set; } = "2000-01-01";

    [Description("The last day of receipt (yyyy-MM-dd; default today)")]
    public string? ToFlag { get; set; }

    [Description("Pages delivered at the same time (default 2)")]
    public int ParallelFlag { get; set; } = 2;
}

/// <summary>
/// <c>national-portal-backfill [--unit U] [--from D] [--to D]</c>: sends a unit's dossiers received in the range to the
/// national portal (what it lacks of each), with a progress line. Stopped, then run again, it sends only the rest.
/// Exit code 1 when the portal refused a dossier (see <c>national-portal-dead-letters</c> and the dossiers' delivery records).
/// </summary>
[Description("Send a unit's dossiers of a range to the national portal (resumable)", Name = "national-portal-backfill")]
public sealed class BackfillCommand : JasperFxAsyncCommand<BackfillInput>
{
    public override async Task<bool> Execute(BackfillInput input)
    {
        var from = LocalDatePattern.Iso.Parse(input.FromFlag);
        var to = input.ToFlag is { } text ? LocalDatePattern.Iso.Parse(text) : ParseResult<NodaTime.LocalDate>.ForValue(Today());
        if (!from.Success || !to.Success)
        {
            await Console.Error.WriteLineAsync("--from and --to must be dates such as 2025-01-31.");
            return false;
        }

        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var services = host.Services;
        var settings = services.GetRequiredService<NationalPortalSettings>();
        if (!settings.Enabled || settings.Problem is not null)
        {
            await Console.Error.WriteLineAsync($"The national-portal feed is not configured: set NationalPortal:Enabled and its addresses and credentials. {settings.Problem}");
            return false;
        }

        await services.GetRequiredService<ProcedureCatalogueStore>().LoadAsync(CancellationToken.None);
        var units = await services.GetRequiredService<UnitDirectory>().CoverageAsync(input.UnitFlag, from.Value, to.Value, null, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop: pages in flight roll back their records, what the portal accepted before is kept; run again for the rest.
            e.Cancel = true;
            cancel.Cancel();
        };

        var line = new ProgressLine(Console.Error);
        try
        {
            var done = await services.GetRequiredService<PortalBackfill>().RunAsync(units, from.Value, to.Value, Math.Clamp(input.ParallelFlag, 1, 8),
                p => line.Show(p.Fraction, string.Create(CultureInfo.InvariantCulture,
                    $"{p.Done:N0}/{p.Dossiers:N0} dossiers, {p.Delivered:N0} sent, {p.Refused:N0} refused, {p.DossiersPerSecond:N0}/s")),
                cancel.Token);
            line.Done();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{done.Dossiers:N0} dossiers in {done.Seconds:F1} s: {done.Delivered:N0} sent, {done.Dossiers - done.Delivered - done.Refused:N0} already up to date, {done.Refused:N0} refused."));
            return done.Refused == 0;
        }
        catch (OperationCanceledException)
        {
            line.Done();
            await Console.Error.WriteLineAsync("Interrupted. What the portal accepted is recorded; run the same command again to send the rest.");
            return false;
        }
        catch (PortalUnavailableException e)
        {
            line.Done();
            await Console.Error.WriteLineAsync($"The portal is unavailable: {e.Message} What it accepted is recorded; run the same command again to send the rest.");
            return false;
        }
    }

    private static NodaTime.LocalDate Today() =>
        NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(Domain.Calendar.VietnamTime.Zone).Date;
}

public sealed class DeadLettersInput : NetCoreInput
{
    [Description("Put every parked delivery back on the feed's queue")]
    public bool ReplayFlag { get; set; }
}

/// <summary><c>national-portal-dead-letters [--replay]</c>: lists the feed's parked deliveries with the portal's answers; replays them all.</summary>
[Description("List the national-portal feed's dead letters, or replay them", Name = "national-portal-dead-letters")]
public sealed class DeadLettersCommand : JasperFxAsyncCommand<DeadLettersInput>
{
    public override async Task<bool> Execute(DeadLettersInput input)
    {
        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var deadLetters = host.Services.GetRequiredService<PortalDeadLetters>();
        var parked = await deadLetters.ListAsync(CancellationToken.None);
        foreach (var letter in parked.DeadLetters)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{letter.Id}  {letter.SentAt:yyyy-MM-dd HH:mm:ss}  {letter.ReceiptNo ?? letter.DossierId?.ToString() ?? "?"}  {letter.Reason}"));
        }

        Console.WriteLine($"{parked.Total} parked.");
        if (input.ReplayFlag && parked.Total > 0)
        {
            var (replayed, _) = await deadLetters.ReplayAsync([], CancellationToken.None);
            Console.WriteLine($"{replayed} put back on the queue: the running nodes deliver them.");
        }

        return true;
    }
}

namespace DossierLedger.StandInPortal;

/// <summary>The stand-in portal on its own, beside the demo: <c>dotnet run --project tests/DossierLedger.StandInPortal [url]</c>.</summary>
internal static class StandInPortalProgram
{
    public static async Task Main(string[] args)
    {
        var url = args.FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal)) ?? StandInPortal.DemoUrl;
        await using var portal = await StandInPortal.StartAsync(url);
        Console.WriteLine($"Stand-in national portal at {portal.Address} (session {portal.AuthUrl}, services {portal.IntegrationUrl}, what it holds {portal.Address}state). Ctrl+C (or SIGTERM) stops it.");
        Console.WriteLine("To point the ledger at it, in the shell that runs the ledger:");
        Console.WriteLine("  export " + string.Join(' ', portal.LedgerSettings("__").Select(s => $"{s.Key}={s.Value}")));
        await portal.WaitForShutdownAsync();
    }
}

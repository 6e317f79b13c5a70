using DossierLedger.Api.Hosting;
using JasperFx.CommandLine;

namespace DossierLedger.Api.Projections;

/// <summary><c>verify</c>: recomputes the report counters from the events and prints any drift (exit code 1 when there is some).</summary>
[Description("Recompute the report counters from the event log and compare them with the projections", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var result = await host.Services.GetRequiredService<LedgerVerifier>().VerifyAsync(CancellationToken.None);
        Console.WriteLine($"Verified {result.Dossiers:N0} dossiers against {result.Buckets:N0} counter buckets in {result.Seconds:F1} s.");
        foreach (var drift in result.Drifts.Take(200))
        {
            Console.WriteLine($"DRIFT {drift.Table} {drift.Unit} {drift.Grain} {drift.Bucket:yyyy-MM-dd} {drift.Counter}: events say {drift.FromEvents}, projections hold {drift.Projected}");
        }

        Console.WriteLine(result.Clean ? "No drift." : $"{result.Drifts.Count} drifting counters.");
        return result.Clean;
    }
}

/// <summary><c>rebuild</c>: rebuilds every projection from the event log, with progress.</summary>
[Description("Rebuild every projection from the event log", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = await CommandHost.BuildWithSchemaAsync(input);
        var services = host.Services;
        var result = await services.GetRequiredService<ProjectionRebuilder>().RebuildAsync(Console.WriteLine, CancellationToken.None);
        Console.WriteLine($"Rebuilt from {result.Events:N0} events in {result.Seconds:F2} s ({result.EventsPerSecond:N0} events/s).");
        return true;
    }
}

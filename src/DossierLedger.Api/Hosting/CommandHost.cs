using DossierLedger.Api.Storage;
using JasperFx.CommandLine;

namespace DossierLedger.Api.Hosting;

/// <summary>The host a command-line command writes through: built from its input, the schema brought up to date first.</summary>
public static class CommandHost
{
    public static async Task<IHost> BuildWithSchemaAsync(NetCoreInput input)
    {
        var host = input.BuildHost();
        try
        {
            await host.Services.GetRequiredService<LedgerSchema>().ApplyAsync(CancellationToken.None);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}

using JasperFx.CommandLine;

namespace DossierLedger.Api.Hosting;

/// <summary>
/// <c>stop-database</c>: stops the project's own PostgreSQL, which keeps running after the demo or the tests so the
/// next start is quick. Its data stays; the next command that needs it starts it again.
/// </summary>
[Description("Stop the project's own PostgreSQL (the embedded cluster); its data stays", Name = "stop-database")]
public sealed class StopDatabaseCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        await LocalPostgres.StopAsync();
        Console.WriteLine("The project's PostgreSQL is stopped; the next ./demo.sh or ./test.sh starts it again.");
        return true;
    }
}

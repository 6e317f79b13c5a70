using DossierLedger.Api.Hosting;
using JasperFx;
using JasperFx.CommandLine;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateBootstrapLogger();

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddDossierLedger();
}
catch (StartupRefusedException refused)
{
    // One line an operator can act on, not a stack trace.
    await Console.Error.WriteLineAsync(refused.Message);
    return 2;
}

// JasperFx names every assembly it searches for commands ("Searching '…' for commands") until it has applied its
// extensions once. The ledger's assemblies bring none; applying that empty set now keeps the first screen to what the
// ledger itself says.
new CommandFactory().ApplyExtensions(builder.Services);
var app = builder.Build();
app.UseDossierLedger();

return await app.RunJasperFxCommands(args);

/// <summary>The host's entry point, public so integration tests can boot it.</summary>
public partial class Program;

using DossierLedger.Api.Infrastructure;
using JasperFx;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateBootstrapLogger();

var builder = WebApplication.CreateBuilder(args);
builder.AddDossierLedger();

var app = builder.Build();
app.UseDossierLedger();

return await app.RunJasperFxCommands(args);

/// <summary>The host's entry point, public so integration tests can boot it.</summary>
public partial class Program;

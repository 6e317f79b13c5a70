using DossierLedger.Api.Hosting;
using Marten;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DossierLedger.Api.Telemetry;

/// <summary>
/// The ledger's telemetry in one place: its own instruments (<see cref="LedgerMetrics"/>, <see cref="PortalDeliveryMetrics"/>),
/// measured commands (<see cref="CommandMetrics"/>) and, when <c>Telemetry:Otlp:Endpoint</c> is set, OpenTelemetry
/// exporting over OTLP: traces of HTTP requests, SQL (Npgsql), Marten, Wolverine and outgoing HTTP calls; metrics of
/// the ledger, ASP.NET Core, outgoing HTTP, Npgsql, Marten and Wolverine.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The service name the exported telemetry carries.</summary>
    public const string ServiceName = "DossierLedger";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var settings = TelemetrySettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton<LedgerMetrics>();
        services.AddSingleton<PortalDeliveryMetrics>();
        services.AddTransient<IStartupFilter, CommandMetrics.Filter>();
        if (settings.Exports)
        {
            Export(services, settings);
        }

        return builder;
    }

    private static void Export(IServiceCollection services, TelemetrySettings settings)
    {
        // Marten's own counter of appended events, by event type.
        services.ConfigureMarten(options => options.OpenTelemetry.TrackEventCounters());
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                // The health probe is polled every few seconds and says nothing a trace would add.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => http.Request.Path != HealthEndpoint.Path)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("Marten", "Wolverine")
                .AddOtlpExporter(o => Configure(o, settings, "v1/traces")))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                // Wolverine names its meter after the service: "Wolverine:DossierLedger.Api".
                .AddMeter(LedgerMetrics.MeterName, "Marten", "Wolverine:*")
                .AddOtlpExporter(o => Configure(o, settings, "v1/metrics")));
    }

    /// <summary>The exporter's address: the endpoint for gRPC; for HTTP, the signal's path under it.</summary>
    private static void Configure(OtlpExporterOptions options, TelemetrySettings settings, string signalPath)
    {
        options.Protocol = settings.OtlpProtocol;
        options.Endpoint = settings.OtlpProtocol switch
        {
            OtlpExportProtocol.Grpc => settings.OtlpEndpoint!,
            OtlpExportProtocol.HttpProtobuf => new Uri(settings.OtlpEndpoint!.AbsoluteUri.TrimEnd('/') + "/" + signalPath),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.OtlpProtocol, "Not an OTLP protocol."),
        };
    }
}

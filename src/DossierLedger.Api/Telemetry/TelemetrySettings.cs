using OpenTelemetry.Exporter;

namespace DossierLedger.Api.Telemetry;

/// <summary>
/// The <c>Telemetry</c> configuration section. Without <c>Telemetry:Otlp:Endpoint</c> nothing is exported and no
/// OpenTelemetry provider is built: the host pays nothing for traces it does not send, and the ledger's instruments
/// record only when something listens to them.
/// </summary>
/// <param name="OtlpEndpoint">The OTLP collector's base address (<c>http://collector:4317</c> for gRPC, <c>:4318</c> for HTTP).</param>
/// <param name="OtlpProtocol"><c>grpc</c> (the default) or <c>http/protobuf</c>.</param>
/// <param name="GaugeRefresh">
/// How long a reading of the lag and dead-letter gauges is reused (<c>Telemetry:GaugeRefresh</c>, 5 s by default):
/// however often they are collected, the database is asked at most once per period.
/// </param>
public sealed record TelemetrySettings(Uri? OtlpEndpoint, OtlpExportProtocol OtlpProtocol, TimeSpan GaugeRefresh)
{
    public static readonly TimeSpan DefaultGaugeRefresh = TimeSpan.FromSeconds(5);

    public bool Exports => OtlpEndpoint is not null;

    /// <summary>Reads and checks the section; a value that does not parse stops the host with a message naming it.</summary>
    public static TelemetrySettings From(IConfiguration configuration)
    {
        var endpoint = configuration["Telemetry:Otlp:Endpoint"];
        Uri? uri = null;
        if (!string.IsNullOrWhiteSpace(endpoint)
            && !(Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out uri) && uri.Scheme is "http" or "https"))
        {
            throw new InvalidOperationException($"Telemetry:Otlp:Endpoint must be an http or https address, not '{endpoint}'.");
        }

        var protocol = configuration["Telemetry:Otlp:Protocol"]?.Trim() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"Telemetry:Otlp:Protocol must be grpc or http/protobuf, not '{other}'."),
        };

        var refreshText = configuration["Telemetry:GaugeRefresh"];
        var refresh = DefaultGaugeRefresh;
        if (!string.IsNullOrWhiteSpace(refreshText)
            && !(TimeSpan.TryParse(refreshText, System.Globalization.CultureInfo.InvariantCulture, out refresh) && refresh >= TimeSpan.Zero))
        {
            throw new InvalidOperationException($"Telemetry:GaugeRefresh must be a duration such as 00:00:05, not '{refreshText}'.");
        }

        return new TelemetrySettings(uri, protocol, refresh);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Telemetry;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Wolverine;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The ledger's metrics read back from a host with async projections, exporting over OTLP (HTTP) to a stand-in
/// collector: commands counted by type and outcome, the chain's and the projection's lag moving as events are appended
/// and caught up with, and what reaches the collector.
/// </summary>
public sealed class TelemetryTests(TelemetryTests.TelemetryHost ledger) : IClassFixture<TelemetryTests.TelemetryHost>
{
    [Fact]
    public async Task Commands_are_counted_once_by_type_and_outcome()
    {
        using var recorded = new Recorded(ledger.Host, "dossierledger.commands");
        var unit = LedgerFixture.NewUnit();
        var id = await ledger.ReceiveAsync(unit);
        var resolved = await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-14T10:00:00+07:00" });
        resolved.Status.ShouldBe(HttpStatusCode.OK);
        // Resolved already: the decider refuses a second resolution.
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "2025-04-14T11:00:00+07:00" })).Status.ShouldBe(HttpStatusCode.Conflict);
        (await ledger.PostAsync($"/api/dossiers/{id}/withdrawal", new { version = 1 })).Status.ShouldBe(HttpStatusCode.Conflict);
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { at = "not an instant" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await ledger.PostAsync($"/api/dossiers/{Guid.NewGuid()}/resolution", new { })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { }, await ledger.AsAsync(Roles.Reporter))).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await ledger.GetAsync($"/api/dossiers/{id}")).Status.ShouldBe(HttpStatusCode.OK);

        recorded.Counts().ShouldBe(new Dictionary<string, long>
        {
            ["ReceiveDossier/accepted"] = 1,
            ["ResolveDossier/accepted"] = 1,
            ["ResolveDossier/rule-violated"] = 1,
            ["WithdrawDossier/conflict"] = 1,
            ["ResolveDossier/invalid"] = 1,
            ["ResolveDossier/not-found"] = 1,
            ["ResolveDossier/forbidden"] = 1,
        }, ignoreOrder: true);
    }

    [Fact]
    public void Every_dossier_command_endpoint_is_measured()
    {
        var writes = ledger.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } route
                && (route.StartsWith("/api/dossiers", StringComparison.Ordinal) || route.StartsWith("/api/intake-refusals", StringComparison.Ordinal))
                && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();
        writes.Count.ShouldBeGreaterThan(20);
        writes.Where(e => e.Metadata.GetMetadata<CommandMetrics.Command>() is null).Select(e => e.RoutePattern.RawText).ShouldBeEmpty();
    }

    [Fact]
    public async Task Chain_lag_counts_the_events_appended_until_they_are_linked()
    {
        var linker = ledger.Host.Services.GetRequiredService<ChainLinker>();
        using var recorded = new Recorded(ledger.Host, "dossierledger.chain.lag");
        await linker.LinkPendingAsync(wait: true, CancellationToken.None);
        recorded.Gauge().ShouldBe(0);

        long appended;
        // Holding the schema's lock keeps the background linker away (it only tries it); closing the connection releases it.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ledger.DirectSql) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var hold = new NpgsqlCommand($"SELECT pg_advisory_lock({LedgerSchema.ApplyLock})", connection);
            await hold.ExecuteNonQueryAsync();
            appended = await ledger.AppendedAsync(() => ledger.ReceiveAsync(LedgerFixture.NewUnit()));
            appended.ShouldBeGreaterThan(0);
            recorded.Gauge().ShouldBe(appended);
        }

        (await linker.LinkPendingAsync(wait: true, CancellationToken.None)).ShouldBe(appended);
        recorded.Gauge().ShouldBe(0);
    }

    [Fact]
    public async Task Projection_lag_counts_the_events_the_shard_has_not_applied()
    {
        var store = (DocumentStore)ledger.Host.Services.GetRequiredService<IDocumentStore>();
        using var recorded = new Recorded(ledger.Host, "dossierledger.projection.lag");
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        recorded.Gauge(LedgerMetrics.ShardTag, "Dossier:All").ShouldBe(0);

        long appended;
        // The shard cannot record its progress while the table is locked: it stays where it was.
        await using (var connection = new NpgsqlConnection(ledger.DirectSql))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var hold = new NpgsqlCommand("LOCK TABLE mt_event_progression IN EXCLUSIVE MODE", connection, transaction);
            await hold.ExecuteNonQueryAsync();
            appended = await ledger.AppendedAsync(async () =>
            {
                var id = await ledger.ReceiveAsync(LedgerFixture.NewUnit());
                (await ledger.PostAsync($"/api/dossiers/{id}/resolution", new { })).Status.ShouldBe(HttpStatusCode.OK);
            });
            appended.ShouldBeGreaterThan(1);
            recorded.Gauge(LedgerMetrics.ShardTag, "Dossier:All").ShouldBe(appended);
        }

        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        recorded.Gauge(LedgerMetrics.ShardTag, "Dossier:All").ShouldBe(0);
    }

    [Fact]
    public async Task Report_latency_is_asp_net_cores_request_duration_by_route()
    {
        using var recorded = new Recorded(ledger.Host, "http.server.request.duration");
        (await ledger.GetAsync("/api/reports/period?period=2025-Q1&unit=KP")).Status.ShouldBe(HttpStatusCode.OK);
        recorded.Tags().ShouldContain(tags => tags["http.route"] as string == "/api/reports/period");
    }

    [Fact]
    public async Task What_is_measured_reaches_the_otlp_collector()
    {
        await ledger.ReceiveAsync(LedgerFixture.NewUnit());
        ledger.Host.Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();
        ledger.Host.Services.GetRequiredService<TracerProvider>().ForceFlush().ShouldBeTrue();

        var metrics = ledger.Collector.Received("/v1/metrics");
        foreach (var name in new[]
                 {
                     "dossierledger.commands", "dossierledger.chain.lag", "dossierledger.projection.lag", "dossierledger.dead_letters",
                     "http.server.request.duration", "wolverine-outbox-count", "marten.event.append", "db.client.operation.duration",
                 })
        {
            metrics.ShouldContain(name);
        }

        var traces = ledger.Collector.Received("/v1/traces");
        traces.ShouldContain("POST /api/dossiers");
        traces.ShouldContain("Npgsql");
    }

    [Fact]
    public void Without_an_otlp_endpoint_nothing_is_exported()
    {
        static IServiceProvider Built(string? endpoint)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Configuration["Telemetry:Otlp:Endpoint"] = endpoint;
            return builder.AddTelemetry().Build().Services;
        }

        var quiet = Built(null);
        quiet.GetService<MeterProvider>().ShouldBeNull();
        quiet.GetService<TracerProvider>().ShouldBeNull();
        var exporting = Built("http://127.0.0.1:4317");
        exporting.GetService<MeterProvider>().ShouldNotBeNull();
        exporting.GetService<TracerProvider>().ShouldNotBeNull();
    }

    /// <summary>
    /// A host with async projections and gauges read afresh at every collection, exporting to <see cref="Collector"/>,
    /// on a database of its own.
    /// </summary>
    public sealed class TelemetryHost : IAsyncLifetime
    {
        public IAlbaHost Host { get; private set; } = null!;

        public OtlpCollector Collector { get; } = new();

        public string DirectSql { get; private set; } = null!;

        private string _token = null!;

        public async Task InitializeAsync()
        {
            await Collector.StartAsync();
            DirectSql = await TestDatabases.FreshAsync("dossierledger_telemetry");
            Host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseSetting("ConnectionStrings:DossierLedger", DirectSql);
                builder.UseSetting("Units:RequireRegistered", "false");
                builder.UseSetting("Projections:Mode", "Async");
                builder.UseSetting("Telemetry:GaugeRefresh", "00:00:00");
                builder.UseSetting("Telemetry:Otlp:Endpoint", Collector.Address);
                builder.UseSetting("Telemetry:Otlp:Protocol", "http/protobuf");
                builder.ConfigureServices(services => services.RunWolverineInSoloMode());
            });
            _token = (await Host.Services.GetRequiredService<ApiTokens>()
                .MintAsync("telemetry", Roles.Admin, [], NodaTime.Duration.FromDays(1), CancellationToken.None)).Secret;
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Collector.DisposeAsync();
        }

        public async Task<Dictionary<string, string>> AsAsync(string role) => new()
        {
            ["Authorization"] = $"Bearer {(await Host.Services.GetRequiredService<ApiTokens>().MintAsync(role, role, [], NodaTime.Duration.FromDays(1), CancellationToken.None)).Secret}",
        };

        public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string url, object body, Dictionary<string, string>? headers = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
            return await SendAsync(request, headers);
        }

        public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url), null);

        private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpRequestMessage request, Dictionary<string, string>? headers)
        {
            using var client = Host.Server.CreateClient();
            request.Headers.TryAddWithoutValidation("Authorization", headers?["Authorization"] ?? $"Bearer {_token}");
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }

        public async Task<Guid> ReceiveAsync(string unit)
        {
            var (status, body) = await PostAsync("/api/dossiers",
                new { unitCode = unit, procedureCode = "1.004873", channel = "direct", receivedAt = "2025-04-14T08:15:00+07:00" });
            status.ShouldBe(HttpStatusCode.Created, body.ToString());
            return body.GetProperty("id").GetGuid();
        }

        /// <summary>How many events <paramref name="write"/> appended, from the log's last sequence number before and after.</summary>
        public async Task<long> AppendedAsync(Func<Task> write)
        {
            var database = Host.Services.GetRequiredService<IDocumentStore>().Storage.Database;
            var before = await database.FetchHighestEventSequenceNumber(CancellationToken.None);
            await write();
            return await database.FetchHighestEventSequenceNumber(CancellationToken.None) - before;
        }
    }

    /// <summary>A stand-in OTLP collector over HTTP: keeps what was posted to each path.</summary>
    public sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _received = new();
        private WebApplication _app = null!;

        public string Address { get; private set; } = null!;

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                _received.GetOrAdd(http.Request.Path, _ => new()).Enqueue(body.ToArray());
                return Results.Ok();
            });
            await _app.StartAsync();
            Address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }

        /// <summary>Everything posted to <paramref name="path"/>, as text (the names in OTLP's protobuf are plain UTF-8).</summary>
        public string Received(string path) =>
            string.Concat(_received.GetValueOrDefault(path)?.Select(Encoding.UTF8.GetString) ?? []);

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>The measurements of one instrument of the host's own meters, while it lives.</summary>
    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)> _measurements = new();

        public Recorded(IAlbaHost host, string instrument)
        {
            var meters = host.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (published, listener) =>
            {
                if (published.Name == instrument && published.Meter.Scope == meters)
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add((long)value, tags));
            _listener.Start();
        }

        private void Add(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

        /// <summary>A counter's sums by command and outcome (<c>ResolveDossier/accepted</c>).</summary>
        public Dictionary<string, long> Counts() => _measurements
            .GroupBy(m => $"{m.Tags[LedgerMetrics.CommandTag]}/{m.Tags[LedgerMetrics.OutcomeTag]}")
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));

        public IReadOnlyList<Dictionary<string, object?>> Tags() => [.. _measurements.Select(m => m.Tags)];

        /// <summary>A gauge's value now (the one measurement whose <paramref name="tag"/> is <paramref name="value"/>, when given).</summary>
        public long Gauge(string? tag = null, string? value = null)
        {
            _measurements.Clear();
            _listener.RecordObservableInstruments();
            return _measurements.Single(m => tag is null || m.Tags[tag] as string == value).Value;
        }

        public void Dispose() => _listener.Dispose();
    }
}

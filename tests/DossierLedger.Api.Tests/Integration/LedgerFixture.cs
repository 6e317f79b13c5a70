using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using DossierLedger.Api.Demo;
using DossierLedger.Api.Hosting;
using DossierLedger.Api.Security;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// One API host for the whole run, on a fresh database of the project's own local PostgreSQL
/// (or <c>ConnectionStrings__DossierLedgerTests</c> when set), with the demo commune loaded.
/// Tests write to their own unit codes, so they never see each other's dossiers.
/// </summary>
public class LedgerFixture : IAsyncLifetime
{
    /// <summary>A unit whose office hours are configured apart from the default ones.</summary>
    public const string EarlyDesk = "EARLY-DESK";

    private static int _units;

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>What the host has logged so far.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The database as someone with direct SQL access sees it: no chain key, superuser rights.</summary>
    public string DirectSqlConnectionString { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The database of the local cluster the host runs on (unless <c>ConnectionStrings__DossierLedgerTests</c> names one).</summary>
    protected virtual string DatabaseName => "dossierledger_tests";

    /// <summary>Whether the demo commune is loaded before the tests run.</summary>
    protected virtual bool LoadsDemo => true;

    /// <summary>Settings of a fixture's own, applied after the shared ones.</summary>
    protected virtual void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__DossierLedgerTests")
            ?? await LocalPostgres.EnsureDatabaseAsync(DatabaseName, fresh: true);
        DirectSqlConnectionString = connectionString;
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ConnectionStrings:DossierLedger", connectionString);
            // One desk with its own office hours (06:30–11:00, 13:00–16:30), for the per-unit calendar tests.
            builder.UseSetting($"Calendar:OfficeHours:{EarlyDesk}:MorningOpen", "06:30");
            builder.UseSetting($"Calendar:OfficeHours:{EarlyDesk}:MorningClose", "11:00");
            builder.UseSetting($"Calendar:OfficeHours:{EarlyDesk}:AfternoonOpen", "13:00");
            builder.UseSetting($"Calendar:OfficeHours:{EarlyDesk}:AfternoonClose", "16:30");
            // Tests mint throwaway unit codes; the registry's own tests register theirs, and one host checks the default.
            builder.UseSetting("Units:RequireRegistered", "false");
            builder.ConfigureServices(services =>
            {
                services.RunWolverineInSoloMode();
                services.AddSingleton<Serilog.Core.ILogEventSink>(Logs);
            });
            Configure(builder);
        });
        if (LoadsDemo)
        {
            await Host.Services.GetRequiredService<DemoLoader>().LoadIfEmptyAsync(DemoLoader.DefaultSeed, CancellationToken.None);
        }

        _adminToken = (await MintAsync("test-admin", Roles.Admin)).Secret;
    }

    private string _adminToken = null!;

    /// <summary>A token for <paramref name="name"/> with <paramref name="role"/> (and units), minted straight in the store.</summary>
    public Task<MintedToken> MintAsync(string name, string role, params string[] units) =>
        Host.Services.GetRequiredService<ApiTokens>().MintAsync(name, role, units, NodaTime.Duration.FromDays(1), CancellationToken.None);

    /// <summary>Headers that act as the holder of a fresh token of <paramref name="role"/> named <paramref name="name"/>.</summary>
    public async Task<Dictionary<string, string>> AsAsync(string name, string role = Roles.Clerk, params string[] units) =>
        new() { ["Authorization"] = $"Bearer {(await MintAsync(name, role, units)).Secret}" };

    /// <summary>The current instant, ready for a query string (<c>asKnownAt</c>, <c>from</c>, …).</summary>
    public static string NowForQuery() =>
        Uri.EscapeDataString(NodaTime.Text.InstantPattern.ExtendedIso.Format(NodaTime.SystemClock.Instance.GetCurrentInstant()));

    /// <summary>Pass as a header set to send a request without any token.</summary>
    public static Dictionary<string, string> Anonymous => new() { ["Authorization"] = "" };

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A unit code no other test uses.</summary>
    public static string NewUnit() => $"T{Interlocked.Increment(ref _units)}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string url, string? json = null, IDictionary<string, string>? headers = null)
    {
        using var client = Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        headers ??= new Dictionary<string, string>();
        if (!headers.ContainsKey("Authorization"))
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {_adminToken}");
        }

        foreach (var (name, value) in headers.Where(h => h.Value.Length > 0))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var isJson = response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json";
        var body = text.Length == 0 || !isJson ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    public Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(
        string url, object body, IDictionary<string, string>? headers = null) =>
        SendAsync(HttpMethod.Post, url, JsonSerializer.Serialize(body), headers);

    public Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string url) =>
        SendAsync(HttpMethod.Get, url);

    /// <summary>Receives a dossier and returns its id, failing the test unless it was created.</summary>
    public async Task<Guid> ReceiveAsync(string unit, string receivedAt, string procedureCode = "1.004873", string channel = "direct")
    {
        var (status, body, _) = await PostAsync("/api/dossiers", new { unitCode = unit, procedureCode, channel, receivedAt });
        status.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// An apology for dossier <paramref name="id"/> of <paramref name="unit"/>, drafted, approved by a leader of the unit and
    /// sent at <paramref name="at"/>; fails the test unless each step was accepted.
    /// </summary>
    public async Task ApologizeAsync(Guid id, string unit, string at, string newAppointmentAt, string reason)
    {
        var leader = await AsAsync("lanhdao", Roles.Leader, unit);
        foreach (var (path, body, headers) in new (string, object, Dictionary<string, string>?)[]
        {
            ("apology-drafts", new { at, newAppointmentAt, reason }, null),
            ("apology-approval", new { at }, leader),
            ("apologies", new { at }, null),
        })
        {
            var (status, answer, _) = await PostAsync($"/api/dossiers/{id}/{path}", body, headers);
            status.ShouldBe(HttpStatusCode.OK, answer.ToString());
        }
    }

    /// <summary>
    /// Publishes version 1 of a test procedure (field HT, 5 working days, no fee) in force from <paramref name="effectiveFrom"/>,
    /// resolved by whoever <paramref name="competence"/> names (any authority when null); fails the test unless it was created.
    /// </summary>
    public async Task<JsonElement> PublishProcedureAsync(string code, string effectiveFrom, object? competence = null)
    {
        var (status, version, _) = await PostAsync($"/api/admin/procedures/{code}/versions", new
        {
            name = $"Thủ tục thử {code}",
            fieldCode = "HT",
            timeLimit = new { amount = 5, unit = "workingDays" },
            onlineLevel = "partial",
            fee = 0,
            effectiveFrom,
            competence,
        });
        status.ShouldBe(HttpStatusCode.Created, version.ToString());
        return version;
    }

    public async Task<JsonElement> ReportAsync(string unit, string from, string to)
    {
        var (status, body, _) = await GetAsync($"/api/reports/period?from={from}&to={to}&unit={unit}");
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        return body;
    }

    public async Task<long> EventCountAsync()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger";
}

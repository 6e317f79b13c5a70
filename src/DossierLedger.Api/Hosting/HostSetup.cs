using System.Text.Json;
using System.Text.Json.Serialization;
using DossierLedger.Api.Audit;
using DossierLedger.Api.Calendar;
using DossierLedger.Api.Dashboard;
using DossierLedger.Api.Dossiers;
using DossierLedger.Api.Http;
using DossierLedger.Api.NationalPortal;
using DossierLedger.Api.Procedures;
using DossierLedger.Api.Projections;
using DossierLedger.Api.PublicLookup;
using DossierLedger.Api.Reports;
using DossierLedger.Api.Security;
using DossierLedger.Api.Storage;
using DossierLedger.Api.Telemetry;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Reports;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Npgsql;
using Serilog;
using Weasel.Core;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace DossierLedger.Api.Hosting;

/// <summary>Everything the host registers, in one place: storage, messaging, HTTP, logging.</summary>
public static class HostSetup
{
    public const string ConnectionStringName = "DossierLedger";
    public const string LocalDatabaseName = "dossierledger";

    public static WebApplicationBuilder AddDossierLedger(this WebApplicationBuilder builder)
    {
        UseLogging(builder);
        ConfigureWebHost(builder);
        AddLedgerServices(builder);
        AddHttpServices(builder);
        var portal = builder.Services.AddNationalPortalFeed(builder.Configuration);
        var (projections, embeddedDatabase) = AddStore(builder, portal);
        UseWolverine(builder, projections, portal);
        builder.Services.AddWolverineHttp();
        builder.Services.AddApiReference(ApiReference.IsPublic(builder.Configuration, builder.Environment, embeddedDatabase));
        builder.AddTelemetry();
        return builder;
    }

    /// <summary>Serilog, from configuration, with the sinks registered as services.</summary>
    private static void UseLogging(WebApplicationBuilder builder)
    {
        // Sinks registered as services (ILogEventSink) are written to as well: how tests read what was logged.
        builder.Host.UseSerilog((context, provider, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext()
            .Enrich.With<SecretRedaction>()
            // Wolverine logs every body it cannot read as an error with its stack: the request's own line tells it.
            .Filter.ByExcluding(RequestLog.IsWolverineUnreadableBody)
            .Filter.ByExcluding(PortalFeedLog.IsWolverineRetry)
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Where and how Kestrel listens.</summary>
    private static void ConfigureWebHost(WebApplicationBuilder builder)
    {
        // Listen on loopback unless told otherwise: the demo is not meant to be reachable from the network.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Http:MaxRequestBodyBytes", RequestSizeLimit.DefaultMaxBytes);
            // No "Server: Kestrel": what runs the API is no business of a client's.
            kestrel.AddServerHeader = false;
        });
    }

    /// <summary>The ledger's own services: schema, calendar, decider, catalogue, units, reports, audit, projections.</summary>
    private static void AddLedgerServices(WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services.AddSingleton<IClock>(SystemClock.Instance);
        // The calendar can be amended while the host runs: whoever needs it gets the one in force now.
        // First of the hosted services: Marten's schema and the ledger's own, before anything reads or writes.
        services.AddSingleton<LedgerSchema>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerSchema>());
        services.AddSingleton<NodeReadiness>();
        services.AddSingleton<UnitOfficeHours>();
        services.AddSingleton<CalendarSchedules>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarSchedules>());
        services.AddSingleton(sp =>
        {
            var schedules = sp.GetRequiredService<CalendarSchedules>();
            return new DossierDecider(
                schedules.For,
                configuration.GetValue("Reports:TimelinessGranularity", TimelinessGranularity.Date));
        });
        services.ConfigureMarten(options => options.RegisterDocumentType<CalendarYearDocument>());
        services.AddProcedureCatalogue();
        services.AddSingleton<Units.UnitDirectory>();
        services.AddSingleton<Units.UnitSplits>();
        services.AddSingleton<PeriodReportQuery>();
        services.AddSingleton<TrackingBookQuery>();
        services.AddSingleton<AuditEventQuery>();
        services.AddSingleton<DossierLogReader>();
        services.AddSingleton<KnownReportQuery>();
        services.AddSingleton<LedgerVerifier>();
        services.AddSingleton<ProjectionRebuilder>();
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<ChainKeyRotation>();
        services.AddSingleton<ChainLinker>();
        services.AddHostedService(sp => sp.GetRequiredService<ChainLinker>());
        services.AddHostedService<CounterCompactor>();
        services.AddSingleton(configuration.GetSection("Reports:Targets").Get<IndicatorTargets>() ?? new IndicatorTargets());
        services.AddSingleton(Bieu06Settings.From(configuration));
        services.AddSingleton(PublicLookup.PublicLookupLink.From(configuration));
        services.AddSingleton<PublicLookup.PublicLookupQuery>();
        services.AddSingleton<DossierLedger.Api.Demo.DemoLoader>();
    }

    /// <summary>The HTTP edge: JSON, problems, tokens and roles, rate limits, CORS.</summary>
    private static void AddHttpServices(WebApplicationBuilder builder)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = RequestLog.Describe);
        services.AddSingleton<ApiTokens>();
        services.AddTokenRateLimits(configuration);
        services.AddLedgerAuthentication(configuration);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.WritePolicy, p => p.RequireRole(Roles.Clerk, Roles.Admin))
            .AddPolicy(Roles.ReadDossiersPolicy, p => p.RequireRole(Roles.Clerk, Roles.Auditor, Roles.Admin, Roles.Leader))
            .AddPolicy(Roles.ReportsPolicy, p => p.RequireRole(Roles.Clerk, Roles.Reporter, Roles.Auditor, Roles.Admin, Roles.Leader))
            .AddPolicy(Roles.ApprovePolicy, p => p.RequireRole(Roles.Leader))
            .AddPolicy(Roles.SubmitReportsPolicy, p => p.RequireRole(Roles.Reporter, Roles.Admin))
            .AddPolicy(Roles.AuditPolicy, p => p.RequireRole(Roles.Auditor, Roles.Admin))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));
        services.AddSingleton(ReceiptNumberSettings.From(configuration));
        services.AddSingleton<ReceiptNumbers>();
        services.AddSingleton<DossierIntake>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddCrossOrigin(configuration);
    }

    /// <summary>The chain key, the projection mode and Marten; whether the database is the embedded one.</summary>
    private static (ProjectionSettings Projections, bool EmbeddedDatabase) AddStore(WebApplicationBuilder builder, NationalPortalSettings portal)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var chainKey = ChainKey.From(builder.Configuration);
        if (chainKey.Refusal(builder.Environment, embeddedDatabase: connectionString is null) is { } refusal)
        {
            throw new StartupRefusedException(refusal);
        }

        services.AddSingleton(chainKey);
        var projections = ProjectionSettings.From(builder.Configuration);
        services.AddSingleton(projections);
        services.AddSingleton<ProjectionStatus>();
        services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                options.Connection(chainKey.Apply(WithPreparedStatements(
                    connectionString ?? LocalPostgres.EnsureDatabaseAsync(LocalDatabaseName).GetAwaiter().GetResult())));
                ConfigureStore(options, projections.Mode);
                return options;
            })
            .UseLightweightSessions()
            // Async: Wolverine runs each projection shard on exactly one node and moves it when that node dies
            // (this replaces Marten's own AddAsyncDaemon; the two must not be combined).
            .IntegrateWithWolverine(m =>
            {
                m.UseWolverineManagedEventSubscriptionDistribution = projections.IsAsync;
                m.ForwardDossierEvents(portal);
            });
        // Before Wolverine starts (and with it the shards): a switch from inline to async sets where the shards begin.
        services.AddHostedService<ProjectionModeSwitch>();
        return (projections, connectionString is null);
    }

    /// <summary>Wolverine: transactions, static generated code, durability by projection mode, the portal feed's queue.</summary>
    private static void UseWolverine(WebApplicationBuilder builder, ProjectionSettings projections, NationalPortalSettings portal)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.Policies.AutoApplyTransactions();
            // No run-time compilation: handlers come from the committed Internal/Generated code
            // (dotnet run --project src/DossierLedger.Api -- codegen write; a test fails when it is stale).
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
            if (projections.IsAsync)
            {
                // Several nodes: they register in PostgreSQL, elect a leader, heartbeat, and talk through a
                // database control queue; the leader assigns the projection shards.
                opts.Durability.Mode = DurabilityMode.Balanced;
                opts.Durability.HealthCheckPollingTime = projections.Heartbeat;
                opts.Durability.StaleNodeTimeout = projections.NodeTimeout;
                opts.Durability.CheckAssignmentPeriod = projections.Heartbeat * 3;
            }
            else
            {
                opts.Durability.Mode = DurabilityMode.Solo;
            }

            if (portal.Enabled)
            {
                opts.RouteDeliveries(portal);
            }

            opts.Discovery.IncludeAssembly(typeof(HostSetup).Assembly);
        });
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs often, unless the connection string says otherwise. Beyond
    /// saving their planning, a connection holding prepared statements is reset without DISCARD ALL when it returns
    /// to the pool, so the statements every write runs keep their plans (measured when counter triggers did the
    /// counting and planning them was most of a write's database time: HTTP commands 301/s before, 698/s after, on the
    /// 15k ledger). A connection string with its own <c>Max Auto Prepare</c> keeps it.
    /// </summary>
    private static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }

    public static WebApplication UseDossierLedger(this WebApplication app)
    {
        // First: everything after it, the request's log line and the rate limits included, sees the client's own address.
        app.UseKnownProxies();
        // Outermost, so each request's line carries the status its client got, after the exception handler has answered.
        // That handler logs nothing itself: RequestLog puts an unexpected exception on the request's line.
        app.UseSerilogRequestLogging(options =>
        {
            // The host's own logger rather than the static one, which the last host built or stopped in the process
            // owns (several hosts share a test run).
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            RequestLog.Configure(options);
        });
        app.UseMiddleware<ResponseHeaders>();
        app.UseExceptionHandler(new ExceptionHandlerOptions { SuppressDiagnosticsCallback = _ => true });
        app.UseStatusCodePages();
        app.UseCrossOrigin();
        app.UseDashboardAssets();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<ActingUserMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<RouteIds>();
        app.UseMiddleware<RequestSizeLimit>();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapGet(HealthEndpoint.Path, HealthEndpoint.Check).AllowAnonymous()
            .WithName("GET_health")
            .WithTags(ApiReference.CapabilityOf(typeof(HealthEndpoint)))
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json");
        app.MapWolverineEndpoints(opts =>
        {
            opts.RejectUnparseableQueryValues = true;
            opts.AddPolicy<DossierWritePolicy>();
            opts.ConfigureEndpoints(EndpointPolicies.Apply);
            opts.ConfigureEndpoints(CommandMetrics.Measure);
            opts.ConfigureEndpoints(ApiReference.Describe);
        });
        app.MapApiReference();
        app.MapDashboard();
        app.MapPublicLookupPage();
        return app;
    }

    /// <summary>How an enum value is named on the wire: in JSON bodies and answers, and in the choices a field accepts.</summary>
    public static readonly JsonNamingPolicy EnumNames = JsonNamingPolicy.CamelCase;

    /// <summary>NodaTime values as ISO-8601 text, enums as camelCase names: the wire format of the HTTP contract.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(EnumNames));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // A misspelt or unknown field is an error, not silently ignored: a body of only unknown fields would
        // otherwise read as "everything defaulted" (resolve now, an empty holiday schedule).
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // A number is a JSON number: ASP.NET's web defaults would also read "30" as 30, hiding a client's typing mistake.
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>The event store, documents and projections; <paramref name="mode"/> decides where the projections run.</summary>
    public static void ConfigureStore(StoreOptions options, ProjectionMode mode = ProjectionMode.Inline)
    {
        var lifecycle = mode == ProjectionMode.Async ? ProjectionLifecycle.Async : ProjectionLifecycle.Inline;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            o => o.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb));
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        // One connection for a session's life: a command's load, reads and commit no longer take a pooled connection,
        // and reset it, each.
        options.UseStickyConnectionLifetimes = true;
        // The audit trail's recording-time index (Storage/Schema/0001_baseline.sql) is ours: without this Marten's schema
        // check would drop it at every start, and every start would build it again over the whole log.
        options.Events.IgnoreIndex("dl_mt_events_timestamp");
        options.Events.MetadataConfig.UserNameEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;

        // The dossier projection moves the report counters as it folds (DossierProjection.RaiseSideEffects).
        options.Events.EnableSideEffectsOnInlineProjections = true;
        options.Projections.Add(new DossierProjection(WorkingTimeCalendar.Vietnam.Zone), lifecycle);
        options.Schema.For<Dossier>()
            .UniqueIndex(x => x.UnitCode, x => x.ReceiptNo)
            .Index(x => x.DueAt)
            .Index(x => x.UnitCode)
            .Index(x => x.AuthorityCode)
            // A centre's workload: the dossiers a desk received (then filtered by receipt time, InstantFilters).
            .Index(x => x.ReceivingUnitCode)
            // Receipt time as a timestamptz, for the tracking book's order (migration 0012; Marten cannot declare it).
            .IgnoreIndex("dl_dossier_received_at")
            // The public lookup's read by receipt number alone (migration 0013).
            .IgnoreIndex("dl_dossier_receipt_no");
    }
}

using System.Reflection;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.NationalPortal;
using JasperFx.Events.Projections;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// The feed to the national portal: its services always (an auditor reads what was delivered even with the feed off);
/// with <c>NationalPortal:Enabled</c>, every dossier event also publishes a <see cref="PortalFeedDue"/> through Wolverine's
/// durable outbox, handled from a durable local queue with retries and a dead-letter queue.
/// </summary>
public static class PortalFeedSetup
{
    private static readonly MethodInfo ForwardEvent = typeof(PortalFeedSetup).GetMethod(nameof(Forward), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// How long a batch waits for more messages before it is delivered: long enough that a desk's burst of commands
    /// travels in one delivery, short against the portal's own pace.
    /// </summary>
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(500);

    public static NationalPortalSettings AddNationalPortalFeed(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = NationalPortalSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<PortalSession>();
        services.AddSingleton<PortalFeedHealth>();
        services.AddSingleton<PortalWire>();
        services.AddSingleton<PortalDelivery>();
        services.AddSingleton<SyncRateQuery>();
        services.AddSingleton<PortalBackfill>();
        services.AddSingleton<PortalDeadLetters>();
        services.AddSingleton<PortalClient>();
        services.AddHttpClient(PortalClient.HttpClientName, http => http.Timeout = settings.Timeout);
        services.AddHostedService<PortalStartupCheck>();
        services.ConfigureMarten(options =>
        {
            options.Events.AddEventTypes([typeof(PortalRecordAccepted), typeof(PortalStepsAccepted), typeof(PortalDeliveryRejected)]);
            options.Projections.Add(new PortalKnowledgeProjection(), ProjectionLifecycle.Inline);
            options.Schema.For<PortalKnowledge>().Index(k => k.DossierId);
        });
        return settings;
    }

    /// <summary>With the feed on, each dossier event appended through Wolverine becomes a <see cref="PortalFeedDue"/> in its transaction.</summary>
    public static void ForwardDossierEvents(this MartenIntegration integration, NationalPortalSettings settings)
    {
        if (!settings.Enabled)
        {
            return;
        }

        integration.UseFastEventForwarding = true;
        foreach (var type in DossierEventTypes.All)
        {
            ForwardEvent.MakeGenericMethod(type).Invoke(null, [integration]);
        }
    }

    private static void Forward<TEvent>(MartenIntegration integration)
        where TEvent : IDossierEvent =>
        integration.SubscribeToEvent<TEvent>().TransformedTo(e => new PortalFeedDue(e.StreamId));

    /// <summary>
    /// The durable local queue deliveries run from, in batches one at a time, and what a failure does: an unreachable
    /// portal is retried in place after the cooldown pauses, then on the back-off schedule for as long as it takes; a
    /// refusal isolates the batch's messages, so that only the refused dossier's goes to the dead letters.
    /// </summary>
    public static void RouteDeliveries(this WolverineOptions options, NationalPortalSettings settings)
    {
        options.PublishMessage<PortalFeedDue>().ToLocalQueue(PortalFeedHandler.Queue);
        options.BatchMessagesOf<PortalFeedDue>(batching =>
            {
                batching.BatchSize = settings.RecordsPerCall;
                batching.TriggerTime = BatchWindow;
                batching.LocalExecutionQueueName = PortalFeedHandler.Queue;
            })
            .UseDurableInbox()
            .Sequential();
        options.Policies.OnException<PortalRefusedException>().IsolateBatchMembers().Then.MoveToErrorQueue();
        options.Policies.OnException<PortalUnavailableException>()
            .RetryWithCooldown([.. settings.Cooldown])
            .Then.ScheduleRetryIndefinitely([.. settings.Backoff]);
    }
}

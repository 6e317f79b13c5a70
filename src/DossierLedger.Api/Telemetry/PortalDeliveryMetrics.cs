using System.Diagnostics.Metrics;
using NodaTime;

namespace DossierLedger.Api.Telemetry;

/// <summary>
/// The instruments of delivery to the national public-service portal, on the ledger's meter, recorded by the portal
/// feed: what the portal accepted, what failed and why, and how long after its event a change reached the portal.
/// </summary>
public sealed class PortalDeliveryMetrics
{
    /// <summary>The tag naming what was delivered (a dossier, a step).</summary>
    public const string KindTag = "dossierledger.portal.kind";

    /// <summary>The tag naming the portal's answer to a delivery (accepted, already known, rejected).</summary>
    public const string OutcomeTag = "dossierledger.portal.outcome";

    /// <summary>The tag naming why a delivery attempt failed (timeout, server error, expired session, …).</summary>
    public const string ReasonTag = "dossierledger.portal.reason";

    /// <summary>Buckets from a second to a day: delivery normally takes seconds, and a portal down for hours must still show.</summary>
    private static readonly double[] LagBuckets = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _lag;

    public PortalDeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(LedgerMetrics.MeterName);
        _delivered = meter.CreateCounter<long>("dossierledger.portal.deliveries", "{message}",
            "Messages the portal answered, by kind and answer.");
        _failed = meter.CreateCounter<long>("dossierledger.portal.failures", "{attempt}",
            "Delivery attempts that failed and will be retried or dead-lettered, by reason.");
        _lag = meter.CreateHistogram("dossierledger.portal.delivery.lag", "s",
            "Seconds from an event's recording to the portal's acceptance of what it changed.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
    }

    /// <summary>The portal answered <paramref name="count"/> messages of <paramref name="kind"/> with <paramref name="outcome"/>.</summary>
    public void PortalDelivered(string kind, string outcome, int count) =>
        _delivered.Add(count, new KeyValuePair<string, object?>(KindTag, kind), new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>An attempt failed for <paramref name="reason"/>.</summary>
    public void PortalFailed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    /// <summary>The portal accepted a change of <paramref name="kind"/> <paramref name="lag"/> after its event was recorded.</summary>
    public void PortalAccepted(string kind, Duration lag) =>
        _lag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>(KindTag, kind));
}

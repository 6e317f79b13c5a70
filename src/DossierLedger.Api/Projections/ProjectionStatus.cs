using DossierLedger.Api.Dossiers;
using DossierLedger.Domain.Calendar;
using JasperFx.Events.Projections;
using Marten;
using NodaTime;
using Wolverine.Runtime;

namespace DossierLedger.Api.Projections;

/// <summary>One projection shard's place in the event log.</summary>
/// <param name="Name">The shard (<c>Dossier:All</c>: the dossier documents, with the report facts and counters).</param>
/// <param name="Sequence">The last event sequence number the shard has committed.</param>
/// <param name="Behind">Events recorded after it: what the shard's views and reports do not show yet.</param>
/// <param name="Node">The number of the node the shard is assigned to (async mode: each shard runs on exactly one node).</param>
public sealed record ShardProgress(string Name, long Sequence, long Behind, int? Node);

/// <summary>A node of the cluster (async mode), as registered in PostgreSQL.</summary>
/// <param name="Number">The node's number, given when it joined.</param>
/// <param name="LastHeartbeat">When it last reported alive; a node silent for <c>Projections:NodeTimeout</c> is dropped and its shards move.</param>
public sealed record NodeStatus(int Number, Instant LastHeartbeat);

/// <summary>How far the projections are behind the event log, as one node sees it.</summary>
/// <param name="Mode">Where the projections run (<see cref="ProjectionMode"/>).</param>
/// <param name="HighWaterMark">The sequence number of the last event recorded.</param>
/// <param name="Behind">The largest lag of any shard: 0 when every view and report is up to date.</param>
/// <param name="Node">The number of the node that answered (async mode only).</param>
/// <param name="Shards">Each shard's progress.</param>
/// <param name="Nodes">The registered nodes (async mode only).</param>
public sealed record ProjectionStatusReport(
    ProjectionMode Mode, long HighWaterMark, long Behind, int? Node, IReadOnlyList<ShardProgress> Shards, IReadOnlyList<NodeStatus> Nodes);

/// <summary>
/// Reads the projections' progress through Marten: the last event's sequence number against each shard's committed
/// position. Inline projections commit with the events, so they are never behind.
/// </summary>
public sealed class ProjectionStatus(IDocumentStore store, ProjectionSettings settings, IServiceProvider services)
{
    /// <summary>The projection's shards, named as Marten names them: the dossier projection, one shard over all events.</summary>
    public static readonly IReadOnlyList<ShardName> Shards = [ShardOf(new DossierProjection(WorkingTimeCalendar.Vietnam.Zone))];

    /// <summary>The shards' names (<c>Dossier:All</c>).</summary>
    public static readonly IReadOnlyList<string> ShardNames = [.. Shards.Select(s => s.Identity)];

    private static ShardName ShardOf(ProjectionBase projection) => new(projection.Name, ShardName.All, projection.Version);

    /// <summary>The largest lag of any shard, in events (0 in inline mode).</summary>
    public async Task<long> BehindAsync(CancellationToken cancellation) =>
        (await BehindByShardAsync(cancellation)).Max(s => s.Behind);

    /// <summary>Each shard's lag, in events: two small reads in async mode, none inline (never behind).</summary>
    public async Task<IReadOnlyList<(string Shard, long Behind)>> BehindByShardAsync(CancellationToken cancellation) =>
        settings.IsAsync
            ? [.. (await ProgressAsync(cancellation)).Select(r => (r.Name, Math.Max(0, r.HighWaterMark - r.Sequence)))]
            : [.. ShardNames.Select(name => (name, 0L))];

    /// <summary>Every shard's progress, where it runs, and the nodes of the cluster.</summary>
    public async Task<ProjectionStatusReport> ReadAsync(CancellationToken cancellation)
    {
        if (!settings.IsAsync)
        {
            var head = await store.Storage.Database.FetchHighestEventSequenceNumber(cancellation);
            return new ProjectionStatusReport(ProjectionMode.Inline, head, 0, null,
                ShardNames.Select(name => new ShardProgress(name, head, 0, null)).ToList(), []);
        }

        var rows = await ProgressAsync(cancellation);
        var highWaterMark = rows.Max(r => r.HighWaterMark);
        var runtime = services.GetRequiredService<IWolverineRuntime>();
        var nodes = await runtime.Storage.Nodes.LoadAllNodesAsync(cancellation);
        var shards = rows
            .Select(r => new ShardProgress(r.Name, r.Sequence, Math.Max(0, highWaterMark - r.Sequence),
                nodes.FirstOrDefault(n => n.ActiveAgents.Any(uri => IsAgentOf(uri, r.Name)))?.AssignedNodeNumber))
            .ToList();
        return new ProjectionStatusReport(ProjectionMode.Async, highWaterMark, shards.Max(s => s.Behind),
            runtime.DurabilitySettings.AssignedNodeNumber, shards,
            nodes.OrderBy(n => n.AssignedNodeNumber).Select(n => new NodeStatus(n.AssignedNodeNumber, Instant.FromDateTimeOffset(n.LastHealthCheck))).ToList());
    }

    /// <summary>Each shard's committed position beside the last event's sequence number.</summary>
    private async Task<List<(string Name, long HighWaterMark, long Sequence)>> ProgressAsync(CancellationToken cancellation)
    {
        var highWaterMark = await store.Storage.Database.FetchHighestEventSequenceNumber(cancellation);
        var progress = await store.Storage.Database.AllProjectionProgress(cancellation);
        return ShardNames
            .Select(name => (name, highWaterMark, progress.FirstOrDefault(p => p.ShardName == name)?.Sequence ?? 0))
            .ToList();
    }

    /// <summary>
    /// Wolverine names a shard's agent <c>event-subscriptions://marten/main/{server}.{database}/{projection}/{key}</c>,
    /// lower case: <c>…/dossier/all</c> for <c>Dossier:All</c>.
    /// </summary>
    internal static bool IsAgentOf(Uri agent, string shardName) =>
        agent.Scheme == "event-subscriptions"
        && agent.AbsolutePath.TrimEnd('/').EndsWith("/" + shardName.Replace(':', '/'), StringComparison.OrdinalIgnoreCase);
}

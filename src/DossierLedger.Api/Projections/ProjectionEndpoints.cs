using Wolverine.Http;

namespace DossierLedger.Api.Projections;

/// <summary>The projections over HTTP: how far behind they are, their verification against the events, a rebuild.</summary>
public static class ProjectionEndpoints
{
    /// <summary>Recomputes the report counters from the events and lists every drift.</summary>
    [WolverineGet("/api/admin/verify")]
    public static Task<VerificationResult> Verify(LedgerVerifier verifier, CancellationToken cancellation) =>
        verifier.VerifyAsync(cancellation);

    /// <summary>How far each projection shard is behind the event log and, in async mode, which node runs it.</summary>
    [WolverineGet("/api/admin/projections")]
    public static Task<ProjectionStatusReport> Projections(ProjectionStatus status, CancellationToken cancellation) =>
        status.ReadAsync(cancellation);

    /// <summary>Rebuilds every projection from the event log; answers when done, with the rate.</summary>
    [WolverinePost("/api/admin/projections/rebuild")]
    public static Task<RebuildResult> Rebuild(ProjectionRebuilder rebuilder, CancellationToken cancellation) =>
        rebuilder.RebuildAsync(null, cancellation);
}

using Wolverine.Http;

namespace DossierLedger.Api.Audit;

/// <summary>Replay and verification for administrators and auditors, over HTTP.</summary>
public static class AuditAdminEndpoints
{
    /// <summary>Recomputes the report counters from the events and lists every drift.</summary>
    [WolverineGet("/api/admin/verify")]
    public static Task<VerificationResult> Verify(LedgerVerifier verifier, CancellationToken cancellation) =>
        verifier.VerifyAsync(cancellation);

    /// <summary>Rebuilds every projection from the event log; answers when done, with the rate.</summary>
    [WolverinePost("/api/admin/projections/rebuild")]
    public static Task<RebuildResult> Rebuild(ProjectionRebuilder rebuilder, CancellationToken cancellation) =>
        rebuilder.RebuildAsync(null, cancellation);
}

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// What every lifecycle command body carries: when it happened (an instant with offset; omitted means now)
/// and, optionally, the dossier version the client decided on (a stale one is a 409).
/// </summary>
public interface ILifecycleRequest
{
    string? At { get; }

    long? Version { get; }
}

/// <summary>
/// The body of a step that says nothing but when it happened and the version it expects: a resolution, a supplement
/// received, a transfer's return.
/// </summary>
public sealed record StepRequest(string? At, long? Version) : ILifecycleRequest;

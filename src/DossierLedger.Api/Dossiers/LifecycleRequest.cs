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

using System.Collections.Concurrent;
using DossierLedger.Api.Storage;

namespace DossierLedger.Api.Hosting;

/// <summary>
/// What this node still waits for before it can serve as expected: its schema, and whatever a command started with it
/// (the demo's load). <c>/health</c> answers 503 "starting" while anything is listed, so an orchestrator or a script
/// waiting for the node does not send work, or read a report, before it can be right.
/// </summary>
public sealed class NodeReadiness(LedgerSchema schema)
{
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    public IReadOnlyList<string> WaitingFor =>
        [.. schema.Applied.IsCompletedSuccessfully ? [] : new[] { "ledger schema" }, .. _pending.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Lists <paramref name="step"/> until the returned handle is disposed.</summary>
    public IDisposable Until(string step)
    {
        _pending[step] = 0;
        return new Step(() => _pending.TryRemove(step, out _));
    }

    private sealed class Step(Action done) : IDisposable
    {
        public void Dispose() => done();
    }
}

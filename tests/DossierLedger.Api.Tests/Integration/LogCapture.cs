using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Every log event the test host writes, rendered with all its property values, for tests that read the logs.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        _lines.Enqueue($"{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {properties} {logEvent.Exception}");
    }
}

using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>Every log event the test host writes, for tests that read the logs.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    /// <summary>Each event rendered with all its property values and its exception.</summary>
    public IReadOnlyCollection<string> Lines => _events.Select(Render).ToList();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The value of a scalar property of <paramref name="logEvent"/>, null when it has none of that name.</summary>
    public static object? Scalar(LogEvent logEvent, string name) =>
        logEvent.Properties.TryGetValue(name, out var value) ? (value as ScalarValue)?.Value : null;

    public static string Render(LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        return $"{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {properties} {logEvent.Exception}";
    }
}

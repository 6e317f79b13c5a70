using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace DossierLedger.Api.Http;

/// <summary>
/// Hides the public lookup's secret wherever a logged value carries a query string or an address with one: the request's
/// own line names the path only, but ASP.NET Core's request-start lines (logged when an operator turns its level up to
/// Information) and anything else that logs a URL would print <c>secret=…</c>, which with the receipt number beside it
/// opens the dossier.
/// </summary>
public sealed partial class SecretRedaction : ILogEventEnricher
{
    public const string Hidden = "secret=(hidden)";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? redacted = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && text.Contains("secret=", StringComparison.OrdinalIgnoreCase))
            {
                (redacted ??= []).Add(new LogEventProperty(name, new ScalarValue(Redact(text))));
            }
        }

        // Replaced after the walk: the properties cannot change under it.
        foreach (var property in redacted ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary><paramref name="text"/> with the value of every <c>secret</c> query parameter hidden.</summary>
    public static string Redact(string text) => SecretParameter().Replace(text, Hidden);

    [GeneratedRegex(@"(?<=^|[?&\s])secret=[^&#\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();
}

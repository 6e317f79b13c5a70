using System.Globalization;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// How the ledger reaches the national public-service portal (<c>NationalPortal:*</c>); the feed is off unless
/// <c>NationalPortal:Enabled</c> is true. A setting that cannot work (a missing or malformed address) does not stop the
/// host: recording dossiers never depends on the portal. It is a start-up warning and the feed's failing health detail
/// (<see cref="Problem"/>), and deliveries wait, retried, until it is put right.
/// </summary>
/// <param name="AuthUrl">The session call's address (<c>{adapter}{auth}</c>).</param>
/// <param name="IntegrationUrl">Every other call's address (<c>{adapter}{integration}</c>).</param>
/// <param name="DstCode">The <c>dstcode</c> header every call carries.</param>
/// <param name="UnitIds">The portal's id of each unit (<c>madonvi</c>) by the ledger's unit code; a unit not listed is sent under its own code.</param>
/// <param name="Timeout">How long a call may take before it is given up and retried.</param>
/// <param name="MaxAnswerBytes">The largest answer read; a larger one is a failed call.</param>
/// <param name="RecordsPerCall">Dossier records per <c>DongBoHoSoMC</c> call.</param>
/// <param name="StepsPerCall">History steps per <c>CapNhatTienDoHoSoMC</c> call.</param>
/// <param name="Cooldown">Retries of a failed delivery in place, after these pauses (the queue waits).</param>
/// <param name="Backoff">Then retries scheduled after these delays, the last repeated until the portal answers.</param>
public sealed record NationalPortalSettings(
    bool Enabled,
    Uri? AuthUrl,
    Uri? IntegrationUrl,
    string DstCode,
    string Username,
    string Password,
    IReadOnlyDictionary<string, string> UnitIds,
    TimeSpan Timeout,
    int MaxAnswerBytes,
    int RecordsPerCall,
    int StepsPerCall,
    IReadOnlyList<TimeSpan> Cooldown,
    IReadOnlyList<TimeSpan> Backoff,
    string? Problem)
{
    private const string Section = "NationalPortal";

    public static NationalPortalSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var problems = new List<string>();
        var enabled = section.GetValue("Enabled", false);
        var auth = Address(section, "AuthUrl", enabled, problems);
        var integration = Address(section, "IntegrationUrl", enabled, problems);
        var units = section.GetSection("UnitIds").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!.Trim(), StringComparer.Ordinal);
        return new NationalPortalSettings(
            enabled,
            auth,
            integration,
            section["DstCode"] ?? "",
            section["Username"] ?? "",
            section["Password"] ?? "",
            units,
            section.GetValue("Timeout", TimeSpan.FromSeconds(15)),
            section.GetValue("MaxAnswerBytes", 64 * 1024),
            Math.Max(1, section.GetValue("RecordsPerCall", 100)),
            Math.Max(1, section.GetValue("StepsPerCall", 200)),
            Delays(section, "Cooldown", [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)], problems),
            Delays(section, "Backoff", [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)], problems),
            problems.Count == 0 ? null : string.Join(" ", problems));
    }

    /// <summary>The portal's id (<c>madonvi</c>) of the ledger's unit <paramref name="unitCode"/>.</summary>
    public string UnitIdOf(string unitCode) => UnitIds.GetValueOrDefault(unitCode, unitCode);

    private static Uri? Address(IConfigurationSection section, string key, bool required, List<string> problems)
    {
        var text = section[key]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (required)
            {
                problems.Add($"{Section}:{key} is not set.");
            }

            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        problems.Add($"{Section}:{key} must be an absolute http or https address, not '{text}'.");
        return null;
    }

    /// <summary>A comma-separated list of durations (<c>00:00:30,00:02:00</c>), or <paramref name="fallback"/> when unset.</summary>
    private static TimeSpan[] Delays(IConfigurationSection section, string key, TimeSpan[] fallback, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var delays = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => TimeSpan.TryParse(d, CultureInfo.InvariantCulture, out var delay) && delay > TimeSpan.Zero ? delay : (TimeSpan?)null)
            .ToArray();
        if (delays.Length > 0 && delays.All(d => d is not null))
        {
            return [.. delays.Select(d => d!.Value)];
        }

        problems.Add($"{Section}:{key} must list positive durations such as 00:00:30, not '{text}'; the defaults are used.");
        return fallback;
    }
}

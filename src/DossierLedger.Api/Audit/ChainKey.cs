using DossierLedger.Api.Hosting;
using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>
/// The secret the event chain is keyed with (<c>Audit:ChainKey</c>). The database never stores it: every
/// connection of the application carries it as the setting <c>dl.chain_key</c>, which the append trigger and
/// the verification read; a connection without it cannot append events. Without configuration a fixed
/// development key is used, which is fine for the demo and tests, never for production: anyone who knows it (it is in
/// the source) can forge a chain that verifies. After a rotation (<c>rotate-chain-key</c>) the keys the chain was
/// extended with before are kept in <c>Audit:PreviousChainKeys</c>, for verification only.
/// </summary>
public sealed record ChainKey(string Value)
{
    public const string DevelopmentKey = "dossierledger-development-chain-key";

    /// <summary>Retired keys, which verify the links made with them and extend nothing.</summary>
    public IReadOnlyList<string> Previous { get; init; } = [];

    public bool IsDevelopmentKey => Value == DevelopmentKey;

    /// <summary>Every key the verifier may need: the current one first.</summary>
    public IReadOnlyList<string> All => [Value, .. Previous];

    public static ChainKey From(IConfiguration configuration)
    {
        var value = configuration["Audit:ChainKey"] is { Length: > 0 } configured ? configured : DevelopmentKey;
        var previous = (configuration["Audit:PreviousChainKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Validate("Audit:ChainKey", value);
        foreach (var key in previous)
        {
            Validate("Audit:PreviousChainKeys", key);
        }

        return new ChainKey(value) { Previous = previous };
    }

    /// <summary>Refuses a key that cannot travel in a connection's startup options unescaped, or is too short to be a secret.</summary>
    public static void Validate(string setting, string key)
    {
        if (key.Length < 16 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new StartupRefusedException($"{setting}: each key must be at least 16 characters of letters, digits, '-' and '_'.");
        }
    }

    /// <summary>
    /// Why this key may not be used by the host, or null: the development key serves only in the Development
    /// environment or on the embedded database (the demo and tests), which a deployment does not run on.
    /// </summary>
    public string? Refusal(IHostEnvironment environment, bool embeddedDatabase) =>
        IsDevelopmentKey && !environment.IsDevelopment() && !embeddedDatabase
            ? "Refusing to start: Audit:ChainKey is not set (environment variable Audit__ChainKey), so the event chain would be keyed with the public development key. Set it to a random secret of 16+ letters, digits, '-' or '_', the same on every node (docs/operations.md, \"The chain key\")."
            : null;

    /// <summary>The connection string with the key among the session settings.</summary>
    public string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c dl.chain_key={Value}".Trim();
        return builder.ConnectionString;
    }
}

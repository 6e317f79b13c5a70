using Npgsql;

namespace DossierLedger.Api.Audit;

/// <summary>
/// The secret the event chain is keyed with (<c>Audit:ChainKey</c>). The database never stores it: every
/// connection of the application carries it as the setting <c>dl.chain_key</c>, which the append trigger and
/// the verification read; a connection without it cannot append events. Without configuration a fixed
/// development key is used, which is fine for the demo and tests, never for production.
/// </summary>
public sealed record ChainKey(string Value)
{
    public const string DevelopmentKey = "dossierledger-development-chain-key";

    public bool IsDevelopmentKey => Value == DevelopmentKey;

    public static ChainKey From(IConfiguration configuration)
    {
        var value = configuration["Audit:ChainKey"] ?? DevelopmentKey;
        // It travels in the connection's startup options: keep it to characters that need no escaping.
        if (value.Length < 16 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new InvalidOperationException("Audit:ChainKey must be at least 16 characters of letters, digits, '-' and '_'.");
        }

        return new ChainKey(value);
    }

    /// <summary>The connection string with the key among the session settings.</summary>
    public string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c dl.chain_key={Value}".Trim();
        return builder.ConnectionString;
    }
}

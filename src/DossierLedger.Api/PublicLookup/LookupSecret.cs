using System.Security.Cryptography;

namespace DossierLedger.Api.PublicLookup;

/// <summary>
/// Mã tra cứu: the secret printed on a receipt slip that, with the receipt number, opens the public lookup. Ten
/// characters of an alphabet without look-alikes (no I, L, O, U), typed from paper: 50 random bits, which a rate-limited
/// lookup cannot be guessed through.
/// </summary>
public static class LookupSecret
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const int Length = 10;

    /// <summary>A new secret from the system's cryptographic random source.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}

using System.Security.Cryptography;
using System.Text;

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

    /// <summary>What a wrong receipt number's lookup compares the typed secret with, so it does the work a wrong secret does.</summary>
    private static readonly byte[] StandIn = Encoding.ASCII.GetBytes("0000000000");

    /// <summary>A new secret from the system's cryptographic random source.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// The secret as a person typed it, made comparable: spaces and dashes (which a slip may print to group it) dropped,
    /// upper case, and the letters the alphabet leaves out read as the digits they look like (O as 0, I and L as 1).
    /// </summary>
    public static string Normalize(string typed)
    {
        var builder = new StringBuilder(typed.Length);
        foreach (var c in typed.Trim().ToUpperInvariant())
        {
            switch (c)
            {
                case ' ' or '-' or '\t':
                    break;
                case 'O':
                    builder.Append('0');
                    break;
                case 'I' or 'L':
                    builder.Append('1');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether <paramref name="normalized"/> is <paramref name="secret"/>, in time that does not depend on how much of it
    /// is right; a dossier without a secret (<c>null</c>) is compared with a stand-in and never matches.
    /// </summary>
    public static bool Matches(string? secret, byte[] normalized)
    {
        var equal = CryptographicOperations.FixedTimeEquals(secret is null ? StandIn : Encoding.ASCII.GetBytes(secret), normalized);
        return equal && secret is not null;
    }

    /// <summary>The comparison a lookup that found no dossier makes, so that it takes as long as one that found one.</summary>
    public static void CompareWithStandIn(byte[] normalized) => Matches(null, normalized);
}

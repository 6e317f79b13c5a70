namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// Money in the ledger: fees and payments are whole đồng, from nothing to just under a trillion. The đồng has no
/// smaller unit in use, so a fraction is a typing or conversion mistake, whether it comes over HTTP or in an import.
/// </summary>
public static class Dong
{
    public const decimal Max = 999_999_999_999m;

    /// <summary>What a valid amount is, for error messages.</summary>
    public const string Description = "a whole number of đồng from 0 to 999,999,999,999";

    public static bool IsAmount(decimal value) => value is >= 0 and <= Max && value == decimal.Truncate(value);
}

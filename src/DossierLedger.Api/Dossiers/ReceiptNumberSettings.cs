using DossierLedger.Api.Hosting;

namespace DossierLedger.Api.Dossiers;

/// <summary>How the receipt numbers the ledger generates are formed.</summary>
public enum ReceiptNumberFormat
{
    /// <summary><c>&lt;unit&gt;-&lt;yyMMdd&gt;-&lt;NNNN&gt;</c>: from 0001 each day for each resolving authority, as peer systems number.</summary>
    Daily,

    /// <summary><c>&lt;unit&gt;-&lt;yyMMdd&gt;-&lt;NNNNNN&gt;</c>: one sequence for the whole ledger, as before the daily numbers.</summary>
    LedgerWide,
}

/// <summary>
/// The <c>Receipts</c> configuration section: the format of generated receipt numbers and, for the daily format, how
/// many numbers of a unit's day a node reserves with one draw (<see cref="ReceiptNumbers"/>).
/// </summary>
public sealed record ReceiptNumberSettings(ReceiptNumberFormat Format, int BlockSize)
{
    public const int DefaultBlockSize = 10;

    /// <summary>The largest block: a restart leaves up to a block of each unit's day unused.</summary>
    public const int MaxBlockSize = 1000;

    public static readonly ReceiptNumberSettings Default = new(ReceiptNumberFormat.Daily, DefaultBlockSize);

    /// <summary>Reads and checks the section; a value that does not parse stops the host with one line naming it.</summary>
    public static ReceiptNumberSettings From(IConfiguration configuration)
    {
        var format = configuration["Receipts:Format"]?.Trim() switch
        {
            null or "" => ReceiptNumberFormat.Daily,
            var text when text.Equals("daily", StringComparison.OrdinalIgnoreCase) => ReceiptNumberFormat.Daily,
            var text when text.Equals("ledger-wide", StringComparison.OrdinalIgnoreCase) => ReceiptNumberFormat.LedgerWide,
            _ => throw new StartupRefusedException(
                $"Refusing to start: Receipts:Format (environment variable Receipts__Format) must be daily or ledger-wide, not '{configuration["Receipts:Format"]}'."),
        };

        var blockText = configuration["Receipts:BlockSize"];
        var blockSize = DefaultBlockSize;
        if (!string.IsNullOrWhiteSpace(blockText)
            && (!int.TryParse(blockText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out blockSize)
                || blockSize is < 1 or > MaxBlockSize))
        {
            throw new StartupRefusedException(
                $"Refusing to start: Receipts:BlockSize (environment variable Receipts__BlockSize) must be a whole number from 1 to {MaxBlockSize}, not '{blockText}'.");
        }

        return new ReceiptNumberSettings(format, blockSize);
    }
}

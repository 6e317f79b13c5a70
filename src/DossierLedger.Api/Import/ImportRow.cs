using DossierLedger.Domain.Import;

namespace DossierLedger.Api.Import;

/// <summary>The two file formats the import reads.</summary>
public enum ImportFormat
{
    Csv,
    Ndjson,
}

/// <summary>
/// One row of an import file as text, its values placed by column (<see cref="ImportColumns.All"/>); empty values
/// are null. <see cref="Line"/> is the file line the row starts on; <see cref="Error"/> says why a row could not be
/// read at all (a broken quote, a line that is not a JSON object).
/// </summary>
public sealed class ImportRow(long line, long ordinal, string?[] values, string? error = null)
{
    public long Line => line;

    /// <summary>The row's position among the file's rows (0, 1, 2, …).</summary>
    public long Ordinal => ordinal;

    public string? Error => error;

    public string? this[int column] => values[column];

    public string? ReceiptNo => values[ImportHeader.ReceiptNo];

    public string? UnitCode => values[ImportHeader.UnitCode];
}

/// <summary>A file the import cannot read at all (no header, a required column missing).</summary>
public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>Reads an import file row by row, streaming.</summary>
public interface IImportRowReader : IDisposable
{
    /// <summary>The next row, or null at the end of the file.</summary>
    ImportRow? Read();

    /// <summary>How far into the file the reader is, in bytes (for progress).</summary>
    long Position { get; }

    /// <summary>Columns of the file that the import does not know and ignores.</summary>
    IReadOnlyCollection<string> IgnoredColumns { get; }
}

/// <summary>Matches a file's column names to the import's columns: case, '_', '-' and spaces do not matter (receipt_no = receiptNo).</summary>
public static class ImportHeader
{
    private static readonly Dictionary<string, int> Index = ImportColumns.All
        .Select((name, i) => (name, i))
        .ToDictionary(x => Normalize(x.name), x => x.i, StringComparer.Ordinal);

    private static readonly Dictionary<string, int> Canonical = ImportColumns.All
        .Select((name, i) => (name, i))
        .ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);

    public static readonly int ReceiptNo = ColumnIndex(ImportColumns.ReceiptNo);
    public static readonly int UnitCode = ColumnIndex(ImportColumns.UnitCode);

    public static int Count => ImportColumns.All.Count;

    /// <summary>The column's index, or -1 for a name the import does not know.</summary>
    public static int Find(string name) => Index.TryGetValue(Normalize(name), out var i) ? i : -1;

    /// <summary>The index of one of the <see cref="ImportColumns"/> names.</summary>
    public static int ColumnIndex(string column) => Canonical.TryGetValue(column, out var i) ? i : Index[Normalize(column)];

    /// <summary>Refuses a header without the columns every file needs.</summary>
    public static void Require(IEnumerable<int> present)
    {
        var set = present.ToHashSet();
        var missing = new[] { ImportColumns.ReceiptNo, ImportColumns.UnitCode, ImportColumns.OccurredAt }
            .Where(c => !set.Contains(ColumnIndex(c)))
            .ToList();
        if (!set.Contains(ColumnIndex(ImportColumns.Status)) && !set.Contains(ColumnIndex(ImportColumns.Action)))
        {
            missing.Add($"{ImportColumns.Status} (or {ImportColumns.Action})");
        }

        if (missing.Count > 0)
        {
            throw new ImportFormatException($"The file has no column {string.Join(", ", missing)} (see docs/import.md).");
        }
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 128)];
        var length = 0;
        foreach (var c in name.AsSpan().Trim())
        {
            if (c is '_' or '-' or ' ')
            {
                continue;
            }

            if (length == buffer.Length)
            {
                break;
            }

            buffer[length++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..length]);
    }
}

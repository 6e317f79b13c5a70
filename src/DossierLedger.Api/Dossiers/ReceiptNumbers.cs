using DossierLedger.Api.Storage;
using DossierLedger.Domain.Dossiers;
using Marten;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// Số biên nhận: the numbers a node hands out to the dossiers it receives, and where a unit's numbers are kept unique.
/// A number is the resolving authority's code, the local receipt date and a sequence number (<see cref="ReceiptNumberFormat"/>):
/// <list type="bullet">
/// <item>Daily (the default): from 0001 for each unit and day, four digits and more past 9999. The next number of a
/// unit's day is kept in <c>dl_receipt_counters</c> (Storage/Schema/0007); one statement, committed on its own, moves it
/// on by <see cref="ReceiptNumberSettings.BlockSize"/> and gives this node that block, less the numbers of it a dossier
/// already has (imported, loaded by the demo, or typed in by a clerk). A day whose first numbers are all taken is passed
/// over block by block, once: the counter stays above them.</item>
/// <item>Ledger-wide: one database sequence for the whole ledger, six digits, a hundred per draw (Storage/Schema/0005).</item>
/// </list>
/// Drawing in blocks keeps the database off the path of most receipts: a round trip for every receipt was 12 % of the
/// API's CPU under load (HTTP commands on the 15k ledger). Daily blocks of 10 against the ledger-wide hundred, receipts
/// at 16 clients, 8 alternating pairs: receipts/s 0.97x and the API's CPU per receipt 0.98x (medians, within the noise),
/// the database's 1.06x.
/// Numbers are never handed out twice, by one node or by two; a receipt that fails after its number was drawn, and a
/// restart that drops the rest of a node's blocks, leave gaps. A number given to another dossier after it was drawn
/// fails the receipt's commit, which <see cref="DossierIntake"/> tries again with the next number.
/// Uniqueness per unit is kept by the dossier documents' unique index (inline mode) and the claims table written in
/// the appending transaction (async mode, Storage/Schema): a unique violation on either is a duplicate receipt number;
/// one on any other table is some other race.
/// </summary>
public sealed class ReceiptNumbers(IDocumentStore store, ReceiptNumberSettings settings) : IDisposable
{
    public const string ClaimsTable = "dl_receipt_claims";

    public const string CountersTable = "dl_receipt_counters";

    /// <summary>The ledger-wide sequence's increment: how many numbers one draw of it reserves.</summary>
    public const int LedgerWideBlockSize = 100;

    /// <summary>How many units' days a node keeps numbers of; past it, earlier days' blocks go first (their numbers become gaps).</summary>
    public const int KeptDays = 4096;

    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("yyMMdd");

    private readonly string _documentTable = store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.Name;
    private readonly MartenTables _tables = new(store);
    private readonly SemaphoreSlim _drawing = new(1, 1);
    private readonly Dictionary<(string Unit, LocalDate Day), Queue<string>> _blocks = [];
    private long _next;
    private long _end;

    /// <summary>A new number for a dossier of <paramref name="unit"/> received on <paramref name="day"/> (local date).</summary>
    public async Task<string> NextAsync(string unit, LocalDate day, CancellationToken cancellation)
    {
        await _drawing.WaitAsync(cancellation);
        try
        {
            return settings.Format == ReceiptNumberFormat.Daily
                ? await NextOfDayAsync(unit, day, cancellation)
                : $"{unit}-{Day.Format(day)}-{await NextLedgerWideAsync(cancellation):D6}";
        }
        finally
        {
            _drawing.Release();
        }
    }

    private async Task<long> NextLedgerWideAsync(CancellationToken cancellation)
    {
        if (_next == _end)
        {
            await using var session = store.QuerySession();
            _next = await session.NextSequenceValueAsLong("dl_receipt_number_seq", cancellation);
            _end = _next + LedgerWideBlockSize;
        }

        return _next++;
    }

    private async Task<string> NextOfDayAsync(string unit, LocalDate day, CancellationToken cancellation)
    {
        var key = (unit, day);
        if (!_blocks.TryGetValue(key, out var block))
        {
            var prefix = $"{unit}-{Day.Format(day)}-";
            do
            {
                block = await DrawAsync(unit, day, prefix, cancellation);
            }
            while (block.Count == 0);

            MakeRoomFor(day);
            _blocks[key] = block;
        }

        var number = block.Dequeue();
        if (block.Count == 0)
        {
            _blocks.Remove(key);
        }

        return number;
    }

    /// <summary>
    /// The next block of the unit's day, in a statement committed on its own (a receipt that then fails leaves a gap,
    /// never a duplicate), without the numbers the unit's dossiers already have.
    /// </summary>
    private async Task<Queue<string>> DrawAsync(string unit, LocalDate day, string prefix, CancellationToken cancellation)
    {
        await using var connection = await store.OpenConnectionAsync(cancellation);
        return new Queue<string>(await _tables.DrawReceiptNumbersAsync(connection, unit, day, prefix, settings.BlockSize, cancellation));
    }

    /// <summary>Keeps the blocks held to <see cref="KeptDays"/> units' days: those of days before the latest go first, then all.</summary>
    private void MakeRoomFor(LocalDate day)
    {
        if (_blocks.Count < KeptDays)
        {
            return;
        }

        var latest = LocalDate.Max(_blocks.Keys.Max(k => k.Day), day);
        foreach (var key in _blocks.Keys.Where(k => k.Day < latest).ToList())
        {
            _blocks.Remove(key);
        }

        if (_blocks.Count >= KeptDays)
        {
            _blocks.Clear();
        }
    }

    public void Dispose() => _drawing.Dispose();

    /// <summary>Whether <paramref name="failure"/>, or an exception it wraps, is a second dossier with a unit's receipt number.</summary>
    public bool AreDuplicatedBy(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: { } table } && (table == _documentTable || table == ClaimsTable))
            {
                return true;
            }
        }

        return false;
    }
}

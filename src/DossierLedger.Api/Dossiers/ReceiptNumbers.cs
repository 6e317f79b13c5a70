using DossierLedger.Domain.Dossiers;
using Marten;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// Số biên nhận: the numbers a node hands out to the dossiers it receives, and where a unit's numbers are kept unique.
/// A number is the unit, the local receipt date and a ledger-wide sequence number; each draw from the database's
/// sequence reserves a block of <see cref="BlockSize"/> of them for this node (Storage/Schema/0005), because a round
/// trip for every receipt was 12 % of the API's CPU under load (HTTP commands on the 15k ledger). Numbers are unique
/// and increase on each node; a restart leaves the rest of its block unused.
/// Uniqueness per unit is kept by the dossier documents' unique index (inline mode) and the claims table written in
/// the appending transaction (async mode, Storage/Schema): a unique violation on either is a duplicate receipt number;
/// one on any other table is some other race.
/// </summary>
public sealed class ReceiptNumbers(IDocumentStore store) : IDisposable
{
    public const string ClaimsTable = "dl_receipt_claims";

    /// <summary>The sequence's increment: how many numbers one draw reserves.</summary>
    public const int BlockSize = 100;

    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("yyMMdd");

    private readonly string _documentTable = store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.Name;
    private readonly SemaphoreSlim _drawing = new(1, 1);
    private long _next;
    private long _end;

    /// <summary>
    /// A new number for a dossier of <paramref name="unit"/> received on <paramref name="day"/>. Six digits keep these
    /// apart from imported or demo numbers, which use four.
    /// </summary>
    public async Task<string> NextAsync(string unit, LocalDate day, CancellationToken cancellation)
    {
        await _drawing.WaitAsync(cancellation);
        try
        {
            if (_next == _end)
            {
                await using var session = store.QuerySession();
                _next = await session.NextSequenceValueAsLong("dl_receipt_number_seq", cancellation);
                _end = _next + BlockSize;
            }

            return $"{unit}-{Day.Format(day)}-{_next++:D6}";
        }
        finally
        {
            _drawing.Release();
        }
    }

    public void Dispose() => _drawing.Dispose();

    /// <summary>Whether <paramref name="violation"/> is a second dossier with a unit's receipt number.</summary>
    public bool AreDuplicatedBy(PostgresException violation) =>
        violation.SqlState == PostgresErrorCodes.UniqueViolation && violation.TableName is { } table && (table == _documentTable || table == ClaimsTable);
}

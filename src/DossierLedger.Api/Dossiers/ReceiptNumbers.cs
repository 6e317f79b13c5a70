using DossierLedger.Domain.Dossiers;
using Marten;
using Npgsql;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// Where a unit's receipt numbers are kept unique: the dossier documents' unique index (inline mode) and the claims
/// table written in the appending transaction (async mode, Storage/Schema). A unique violation on either is a
/// duplicate receipt number; one on any other table is some other race.
/// </summary>
public sealed class ReceiptNumbers(IDocumentStore store)
{
    public const string ClaimsTable = "dl_receipt_claims";

    private readonly string _documentTable = store.Options.FindOrResolveDocumentType(typeof(Dossier)).TableName.Name;

    /// <summary>Whether <paramref name="violation"/> is a second dossier with a unit's receipt number.</summary>
    public bool AreDuplicatedBy(PostgresException violation) =>
        violation.SqlState == PostgresErrorCodes.UniqueViolation && violation.TableName is { } table && (table == _documentTable || table == ClaimsTable);
}

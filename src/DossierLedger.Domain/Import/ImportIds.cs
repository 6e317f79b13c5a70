using System.Text;

namespace DossierLedger.Domain.Import;

/// <summary>
/// The stream id of an imported dossier: a name-based UUID (version 5, RFC 9562) of its unit and receipt number.
/// The same dossier always gets the same id, so importing a file again finds what an earlier run stored.
/// </summary>
public static class ImportIds
{
    /// <summary>The namespace of imported dossiers' ids (a fixed random UUID).</summary>
    public static readonly Guid Namespace = new("5b1f0a52-7c4e-4d1e-9a63-2f8d0c6b9e41");

    public static Guid StreamId(string unitCode, string receiptNo) =>
        NameBasedUuid.Create(Namespace, Encoding.UTF8.GetBytes($"{unitCode}\n{receiptNo}"));
}

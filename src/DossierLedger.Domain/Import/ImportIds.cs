using System.Security.Cryptography;
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

    public static Guid StreamId(string unitCode, string receiptNo)
    {
        var name = Encoding.UTF8.GetBytes($"{unitCode}\n{receiptNo}");
        Span<byte> input = stackalloc byte[16 + name.Length];
        Namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        name.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what version-5 UUIDs are defined with; it names, it does not protect.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

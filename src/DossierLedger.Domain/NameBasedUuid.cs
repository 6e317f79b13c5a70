using System.Security.Cryptography;

namespace DossierLedger.Domain;

/// <summary>Name-based UUIDs (version 5, RFC 9562): the same name in the same namespace always gives the same id.</summary>
public static class NameBasedUuid
{
    public static Guid Create(Guid ns, ReadOnlySpan<byte> name)
    {
        Span<byte> input = stackalloc byte[16 + name.Length];
        ns.TryWriteBytes(input[..16], bigEndian: true, out _);
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

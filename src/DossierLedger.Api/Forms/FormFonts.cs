using PdfSharp.Fonts;

namespace DossierLedger.Api.Forms;

/// <summary>
/// The forms' one font, Noto Sans (Regular and Bold, SIL Open Font License 1.1), embedded in this assembly from Debian's
/// fonts-noto-core at build time: it has every Vietnamese letter precomposed, and a host needs no font installed.
/// PDFsharp takes one resolver per process, set before its first font is used: <see cref="Install"/> sets it once.
/// </summary>
public sealed class FormFonts : IFontResolver
{
    public const string Family = "Noto Sans";

    private const string RegularFace = "NotoSans-Regular";
    private const string BoldFace = "NotoSans-Bold";

    private static readonly Lazy<FormFonts> Installed = new(() =>
    {
        var fonts = new FormFonts();
        GlobalFontSettings.FontResolver = fonts;
        return fonts;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, byte[]> _faces = new[] { RegularFace, BoldFace }.ToDictionary(face => face, Read);

    private FormFonts()
    {
    }

    /// <summary>Sets the resolver, the first time only; every caller after waits for that first one.</summary>
    public static void Install() => _ = Installed.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(bold ? BoldFace : RegularFace) : null;

    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);

    private static byte[] Read(string face)
    {
        using var stream = typeof(FormFonts).Assembly.GetManifestResourceStream($"Fonts/{face}.ttf")
            ?? throw new InvalidOperationException($"The font {face} is not embedded in the API assembly (see FormFontDirectory in its project).");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}

using PdfSharp.Fonts;

namespace Nmo.Infrastructure.Documents;

/// <summary>
/// DejaVu Sans, shipped in the assembly (see Fonts/LICENSE.txt): every PDF then renders Cyrillic the same way on
/// any machine, with no system font to find. Every family asked for maps to it.
/// </summary>
public sealed class EmbeddedFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static bool installed;

    /// <summary>PDFsharp takes one resolver for the whole process, so it is set once, before the first PDF.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!installed)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
                installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"Nmo.Infrastructure.Documents.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

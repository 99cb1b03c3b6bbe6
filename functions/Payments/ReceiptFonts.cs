// PDFsharp finds no fonts by itself on Linux, and the app in Azure has none to find: receipts use DejaVu Sans (which has
// every Vietnamese letter), shipped inside the assembly (Payments/Fonts, with its licence).
using PdfSharp.Fonts;

namespace MotCua.Payments;

internal sealed class ReceiptFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    /// <summary>
    /// PDFsharp takes one resolver per process, before its first font, and refuses another instance afterwards; the
    /// worker and the tests that start it in-process share this one.
    /// </summary>
    private static readonly Lazy<ReceiptFonts> Resolver = new(() =>
    {
        var resolver = new ReceiptFonts();
        GlobalFontSettings.FontResolver = resolver;
        return resolver;
    });

    private ReceiptFonts()
    {
    }

    /// <summary>Makes PDFsharp resolve <see cref="Family"/>; cheap after the first call, safe from any thread.</summary>
    public static void Install() => _ = Resolver.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == Family && !italic ? new FontResolverInfo(bold ? Bold : Regular) : null;

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(ReceiptFonts).Assembly.GetManifestResourceStream($"MotCua.Payments.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        var font = new byte[stream.Length];
        stream.ReadExactly(font);
        return font;
    }
}

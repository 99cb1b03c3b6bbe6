// Accent-insensitive matching: "doi giay phep lai xe" finds "Đổi giấy phép lái xe".
using System.Buffers;
using System.Text;
using MotCua.Vietnam;

namespace MotCua.Catalog;

internal static class SearchText
{
    /// <summary>Lower case without diacritics, so "Đổi GPLX" and "doi gplx" compare equal.</summary>
    public static string Normalize(string text) => VietnameseText.RemoveDiacritics(text).ToLowerInvariant();

    /// <summary>The normalised words of a query; none for a blank one.</summary>
    public static string[] Words(string? query) =>
        string.IsNullOrWhiteSpace(query) ? [] : Normalize(query).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when the text has no control characters, no noncharacters and no unpaired surrogates.</summary>
    public static bool IsWellFormed(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done
                || Rune.IsControl(rune) || IsNoncharacter(rune))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    private static bool IsNoncharacter(Rune rune) => rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE;
}

// Accent-insensitive matching: "doi giay phep lai xe" finds "Đổi giấy phép lái xe".
using System.Buffers;
using System.Globalization;
using System.Text;

namespace MotCua.Catalog;

internal static class SearchText
{
    /// <summary>Lower case without diacritics: NFD, nonspacing marks dropped, đ/Đ to d (a letter of its own, not d plus a mark).</summary>
    /// <remarks>The text must be well formed (<see cref="IsWellFormed"/>); normalisation throws on lone surrogates.</remarks>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }

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

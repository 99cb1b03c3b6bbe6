// Text from citizens: one Unicode form for storage and comparison, and the checks the feedback forms apply.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MotCua.Vietnam;

internal static partial class VietnameseText
{
    /// <summary>Percentage of words that must carry a Vietnamese diacritic for text to count as written with diacritics.</summary>
    public const int DiacriticWordPercent = 30;

    /// <summary>
    /// NFC and trimmed, so "Nguyễn" typed on a Mac (decomposed) and on Windows (composed) is stored and compared alike.
    /// Unpaired surrogates, which JSON escapes can smuggle in and which make normalisation throw, become U+FFFD.
    /// </summary>
    public static string Normalize(string text) => ReplaceUnpairedSurrogates(text).Normalize(NormalizationForm.FormC).Trim();

    /// <summary>
    /// True for control characters and for bidirectional formatting characters, which make text display differently from what
    /// is stored. <paramref name="multiline"/> allows line breaks and tabs (free text such as feedback), not in names or numbers.
    /// </summary>
    public static bool ContainsControlCharacters(string text, bool multiline = false)
    {
        foreach (var c in text)
        {
            if (IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Đổi giấy phép" → "Doi giay phep": marks dropped, đ/Đ (a letter of its own, not d plus a mark) to d/D; case kept.</summary>
    public static string RemoveDiacritics(string text)
    {
        var decomposed = ReplaceUnpairedSurrogates(text).Normalize(NormalizationForm.FormD);
        var stripped = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                stripped.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
            }
        }

        return stripped.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Whitespace-separated tokens with at least one letter; numbers and punctuation on their own are not words.</summary>
    public static int CountWords(string text) => Words(text).Count();

    /// <summary>
    /// True when at least <see cref="DiacriticWordPercent"/>% of the words carry a Vietnamese tone or vowel mark or đ: ordinary
    /// Vietnamese has marks on most words, text typed without them ("thu tuc hanh chinh") has none.
    /// </summary>
    public static bool HasVietnameseDiacritics(string text)
    {
        var words = 0;
        var marked = 0;
        foreach (var word in Words(text))
        {
            words++;
            if (HasVietnameseMark(word))
            {
                marked++;
            }
        }

        return words > 0 && marked * 100 >= words * DiacriticWordPercent;
    }

    /// <summary>
    /// True for URLs, "www." and bare domains under common top-level domains ("abc.com", "dichvucong.gov.vn").
    /// E-mail addresses are not links; abbreviations such as "TP.HCM" or "v.v." are not domains.
    /// </summary>
    public static bool ContainsLink(string text) => LinkPattern().IsMatch(EmailPattern().Replace(text, " "));

    /// <summary>C0 and C1 controls, plus the bidi embeddings, overrides, isolates and marks.</summary>
    internal static bool IsControl(char c) =>
        char.IsControl(c) || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static IEnumerable<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(token => token.Any(char.IsLetter));

    private static bool HasVietnameseMark(string word)
    {
        foreach (var c in ReplaceUnpairedSurrogates(word).Normalize(NormalizationForm.FormD))
        {
            // grave, acute, circumflex, tilde, breve, hook above, horn, dot below
            if (c is 'đ' or 'Đ' or '\u0300' or '\u0301' or '\u0302' or '\u0303' or '\u0306' or '\u0309' or '\u031B' or '\u0323')
            {
                return true;
            }
        }

        return false;
    }

    private static string ReplaceUnpairedSurrogates(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            clean.Append(status == OperationStatus.Done ? rune.ToString() : "\uFFFD");
            rest = rest[consumed..];
        }

        return clean.ToString();
    }

    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // Labels are ASCII so that a missing space after a full stop ("hồ sơ.Me") is not read as a domain.
    [GeneratedRegex(
        @"(?:https?|ftp)://|\bwww\.|(?<![\p{L}\p{N}_-])[a-z0-9-]+\.(?:com|net|org|vn|info|biz|io|co|me|xyz|top|site|online|app|dev|edu|gov|link|ly|gl|be|to|tk|ru|cn|us)(?![\p{L}\p{N}_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();
}

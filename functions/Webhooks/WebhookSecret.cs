// An agency's Standard Webhooks signing secret: "whsec_" followed by the base64 of 24–64 random bytes.
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MotCua.Webhooks;

internal sealed class WebhookSecret
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;
    private const int GeneratedBytes = 32;

    // Longer text cannot decode to MaxBytes or fewer, so it is refused before decoding anything.
    private const int MaxBase64Length = (MaxBytes + 2) / 3 * 4;

    private static readonly SearchValues<char> Base64Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    /// <summary>The HMAC key; only the signer reads it.</summary>
    internal ReadOnlySpan<byte> Key => _key;

    public static WebhookSecret Generate() => new(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <exception cref="FormatException">The text is not <c>whsec_</c> + base64 of 24–64 bytes; the message says why.</exception>
    public static WebhookSecret Parse(string? text) =>
        TryParse(text, out var secret, out var error) ? secret : throw new FormatException(error);

    /// <param name="error">Why the text was refused, in Vietnamese, fit for a validation problem; it never echoes the text.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "Thiếu khóa bí mật (dạng whsec_<base64>).";
            return false;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = "Khóa bí mật phải bắt đầu bằng \"whsec_\".";
            return false;
        }

        var base64 = text.AsSpan(Prefix.Length);
        if (base64.Length > MaxBase64Length)
        {
            error = $"Khóa bí mật phải gồm {MinBytes}–{MaxBytes} byte ngẫu nhiên.";
            return false;
        }

        // Convert skips whitespace inside base64; a secret with spaces or line breaks in it is refused instead.
        Span<byte> key = stackalloc byte[MaxBase64Length / 4 * 3];
        if (base64.IsEmpty || base64.ContainsAnyExcept(Base64Chars) || !Convert.TryFromBase64Chars(base64, key, out var length))
        {
            error = "Phần sau \"whsec_\" không phải chuỗi base64 hợp lệ.";
            return false;
        }

        if (length is < MinBytes or > MaxBytes)
        {
            error = $"Khóa bí mật phải gồm {MinBytes}–{MaxBytes} byte ngẫu nhiên (nhận được {length} byte).";
            return false;
        }

        secret = new WebhookSecret(key[..length].ToArray());
        error = null;
        return true;
    }

    /// <summary>The <c>whsec_</c> text, to store or to hand to the agency once. Never log it.</summary>
    public string Reveal() => Prefix + Convert.ToBase64String(_key);

    /// <summary>Redacted, so a secret that ends up in a log or an exception message gives nothing away.</summary>
    public override string ToString() => Prefix + "***";
}

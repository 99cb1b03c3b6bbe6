// The signatures of the VNPay 2.1.0 merchant protocol (decision 0011): the pay URL and the gateway's callbacks sign their
// sorted, form-encoded vnp_* parameters; querydr and refund sign fixed fields joined with '|'. HMAC-SHA512, lower-case hex.
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Payments;

internal static class VnpaySignature
{
    public const string HashParameter = "vnp_SecureHash";
    public const string HashTypeParameter = "vnp_SecureHashType";

    /// <summary>
    /// The text a parameter set is signed over: every <c>vnp_*</c> parameter but the hash and its type, empty values dropped,
    /// keys sorted ordinally, keys and values form-encoded, joined <c>k=v&amp;…</c>. It is also the pay URL's query.
    /// </summary>
    public static string SignedText(IEnumerable<KeyValuePair<string, string>> parameters) => string.Join('&', parameters
        .Where(p => p.Key.StartsWith("vnp_", StringComparison.Ordinal) && p.Key is not (HashParameter or HashTypeParameter) && p.Value.Length > 0)
        .OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => $"{FormEncode(p.Key)}={FormEncode(p.Value)}"));

    /// <summary>HMAC-SHA512 of <paramref name="text"/> under the hash secret, in lower-case hex.</summary>
    public static string Sign(string text, string secret) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    /// <summary>The signature of fixed fields joined with '|' (querydr and refund), a missing field as the empty string.</summary>
    public static string SignFields(string secret, params string?[] fields) => Sign(string.Join('|', fields.Select(f => f ?? "")), secret);

    /// <summary>Whether <paramref name="hash"/> is the signature of <paramref name="text"/>, compared in constant time.</summary>
    public static bool Matches(string text, string? hash, string secret) =>
        hash is { Length: 128 } && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(text, secret)), Encoding.ASCII.GetBytes(hash.ToLowerInvariant()));

    /// <summary>
    /// <c>application/x-www-form-urlencoded</c> as the WHATWG URL standard and Java's URLEncoder write it: ASCII letters, digits
    /// and <c>*-._</c> stay, a space is <c>+</c>, every other byte of the UTF-8 text is <c>%XX</c> in upper-case hex.
    /// (.NET's WebUtility.UrlEncode leaves <c>!()</c> as they are, which would break the signature.)
    /// </summary>
    public static string FormEncode(string value)
    {
        var encoded = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_')
            {
                encoded.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                encoded.Append('+');
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}

// VNPay 2.1.0 signing as decision 0011 writes it, written here on purpose: a gateway does not link the portal's code.
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.DemoPayGate;

internal static class VnpaySignature
{
    public const string Hash = "vnp_SecureHash";
    public const string HashType = "vnp_SecureHashType";

    /// <summary>
    /// The text a pay, IPN or return message signs: every <c>vnp_*</c> parameter but the hash and its type, empty values
    /// dropped, keys sorted ordinally, keys and values form-encoded, joined <c>k=v&amp;…</c>.
    /// </summary>
    private static string SignedText(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Where(p => p.Key.StartsWith("vnp_", StringComparison.Ordinal) && p.Key is not (Hash or HashType) && p.Value.Length > 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => FormEncode(p.Key) + "=" + FormEncode(p.Value)));

    /// <summary>The query of a signed callback: the signed text, then the hash type and the hash.</summary>
    public static string SignQuery(IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var text = SignedText(parameters);
        return $"{text}&{HashType}=HmacSHA512&{Hash}={Mac(secret, text)}";
    }

    public static bool VerifyQuery(IEnumerable<KeyValuePair<string, string>> parameters, string? hash, string secret) =>
        Matches(Mac(secret, SignedText(parameters)), hash);

    /// <summary>The hash of a querydr or refund message: its fields in the protocol's order, joined with <c>|</c>.</summary>
    public static string SignFields(IEnumerable<string> values, string secret) => Mac(secret, string.Join('|', values));

    public static bool VerifyFields(IEnumerable<string> values, string? hash, string secret) => Matches(SignFields(values, secret), hash);

    /// <summary>
    /// <c>application/x-www-form-urlencoded</c> as Java's <c>URLEncoder</c> writes it: ASCII letters, digits and <c>*-._</c>
    /// stay, space is <c>+</c>, every other UTF-8 byte is <c>%XX</c> in upper case. .NET's <c>WebUtility.UrlEncode</c> keeps
    /// <c>!()</c> and others, and would break the signature.
    /// </summary>
    public static string FormEncode(string value)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '*' or '-' or '.' or '_')
            {
                encoded.Append(c);
            }
            else if (c == ' ')
            {
                encoded.Append('+');
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>HMAC-SHA512 with the hash secret, lower-case hex.</summary>
    private static string Mac(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares in constant time; the sender's hex may be in either case.</summary>
    private static bool Matches(string expected, string? given)
    {
        var expectedBytes = Convert.FromHexString(expected);
        var givenBytes = new byte[expectedBytes.Length];
        return given is not null && given.Length == expected.Length
            && Convert.FromHexString(given, givenBytes, out _, out _) == OperationStatus.Done
            && CryptographicOperations.FixedTimeEquals(expectedBytes, givenBytes);
    }
}

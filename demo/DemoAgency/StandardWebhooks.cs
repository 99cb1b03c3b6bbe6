// Standard Webhooks 1.0 signing, written here on purpose: an agency's system does not link the portal's code.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.DemoAgency;

internal static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    /// <summary>API.md: receivers reject timestamps more than 300 s away from their clock.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> value for one message: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
    public static string Sign(string secret, string id, string timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Mac(secret, id, timestamp, body));

    /// <summary>
    /// True when the timestamp is within <see cref="Tolerance"/> of <paramref name="now"/> and one of the space-separated
    /// <c>v1</c> signatures matches (several are sent while a secret is being rotated).
    /// </summary>
    public static bool Verify(string secret, string? id, string? timestamp, string? signatures, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > Tolerance.TotalSeconds)
        {
            return false;
        }

        // The signed text uses the header exactly as sent, not the number re-formatted.
        var expected = Mac(secret, id, timestamp!, body);
        Span<byte> given = stackalloc byte[expected.Length];
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (signature.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64String(signature[3..], given, out var written)
                && CryptographicOperations.FixedTimeEquals(given[..written], expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Mac(string secret, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}

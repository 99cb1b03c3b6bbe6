// Standard Webhooks 1.0 symmetric signatures: "v1," + base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}").
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MotCua.Webhooks;

/// <summary>The three headers of a signed webhook; <see cref="Signature"/> may hold several space-separated signatures.</summary>
internal sealed record WebhookHeaders(string Id, long Timestamp, string Signature)
{
    public const string IdName = "webhook-id";
    public const string TimestampName = "webhook-timestamp";
    public const string SignatureName = "webhook-signature";

    private const int MaxIdLength = 256;

    public void ApplyTo(HttpHeaders headers)
    {
        headers.Add(IdName, Id);
        headers.Add(TimestampName, Timestamp.ToString(CultureInfo.InvariantCulture));
        headers.Add(SignatureName, Signature);
    }

    /// <summary>
    /// Printable ASCII without '.', which the spec forbids in ids: a dot would let one signed
    /// "{id}.{timestamp}.{body}" be re-read with the boundaries moved.
    /// </summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && !id.AsSpan().ContainsAnyExceptInRange('!', '~') && !id.Contains('.', StringComparison.Ordinal);
}

internal static class WebhookSigner
{
    public const string Version = "v1";
    public const int SignatureBytes = 32;

    /// <summary>One signature, <c>v1,&lt;base64&gt;</c>, of the exact body bytes that will be sent.</summary>
    public static string Sign(WebhookSecret secret, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        if (!WebhookHeaders.IsValidId(id))
        {
            throw new ArgumentException("A webhook id is 1–256 printable ASCII characters without '.'.", nameof(id));
        }

        Span<byte> signature = stackalloc byte[SignatureBytes];
        Compute(secret, id, timestamp.ToUnixTimeSeconds(), body, signature);
        return $"{Version},{Convert.ToBase64String(signature)}";
    }

    /// <summary>The headers for one delivery attempt, signed with every given secret (more than one during a key rotation).</summary>
    public static WebhookHeaders CreateHeaders(string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets)
    {
        ArgumentOutOfRangeException.ThrowIfZero(secrets.Count, nameof(secrets));
        var signatures = new string[secrets.Count];
        for (var i = 0; i < signatures.Length; i++)
        {
            signatures[i] = Sign(secrets[i], id, timestamp, body);
        }

        return new WebhookHeaders(id, timestamp.ToUnixTimeSeconds(), string.Join(' ', signatures));
    }

    internal static void Compute(WebhookSecret secret, string id, long unixSeconds, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret.Key);
        hmac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{unixSeconds}.")));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}

internal enum WebhookVerificationStatus
{
    Valid,
    MissingHeaders,
    Malformed,
    Stale,
    Future,
    BadSignature,
}

/// <summary>Why a webhook was accepted or refused. Callers answer every refusal with the same 401.</summary>
/// <param name="Id">The <c>webhook-id</c>, set when valid, for the caller's duplicate check.</param>
internal readonly record struct WebhookVerification(WebhookVerificationStatus Status, string? Id = null)
{
    public bool IsValid => Status == WebhookVerificationStatus.Valid;
}

/// <summary>Checks a received webhook. Never throws on anything a sender controls: every header may be garbage.</summary>
internal sealed class WebhookVerifier(TimeProvider time, IOptions<WebhooksOptions> options)
{
    // Generous for a few "v1,<44 chars>" entries, small enough that hostile headers cost nothing.
    private const int MaxSignatureHeaderLength = 1024;
    private const int MaxTimestampLength = 19;
    private const string SignaturePrefix = WebhookSigner.Version + ",";

    public WebhookVerification Verify(ReadOnlySpan<byte> body, IHeaderDictionary headers, IReadOnlyList<WebhookSecret> secrets)
    {
        StringValues id = headers[WebhookHeaders.IdName], timestamp = headers[WebhookHeaders.TimestampName], signature = headers[WebhookHeaders.SignatureName];
        if (id.Count > 1 || timestamp.Count > 1 || signature.Count > 1)
        {
            return new(WebhookVerificationStatus.Malformed);
        }

        return Verify(body, id.FirstOrDefault(), timestamp.FirstOrDefault(), signature.FirstOrDefault(), secrets);
    }

    /// <param name="secrets">The sender's current secrets; any one matching any signature is enough.</param>
    public WebhookVerification Verify(ReadOnlySpan<byte> body, string? id, string? timestamp, string? signature, IReadOnlyList<WebhookSecret> secrets)
    {
        ArgumentOutOfRangeException.ThrowIfZero(secrets.Count, nameof(secrets));
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return new(WebhookVerificationStatus.MissingHeaders);
        }

        if (!WebhookHeaders.IsValidId(id) || signature.Length > MaxSignatureHeaderLength || timestamp.Length > MaxTimestampLength
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sent))
        {
            return new(WebhookVerificationStatus.Malformed);
        }

        // Both values are non-negative, so neither difference can overflow.
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = options.Value.TimestampToleranceSeconds;
        if (now - sent > tolerance)
        {
            return new(WebhookVerificationStatus.Stale);
        }

        if (sent - now > tolerance)
        {
            return new(WebhookVerificationStatus.Future);
        }

        return Matches(body, id, sent, signature, secrets)
            ? new(WebhookVerificationStatus.Valid, id)
            : new(WebhookVerificationStatus.BadSignature);
    }

    private static bool Matches(ReadOnlySpan<byte> body, string id, long sent, string signatureHeader, IReadOnlyList<WebhookSecret> secrets)
    {
        var expected = new byte[secrets.Count][];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = new byte[WebhookSigner.SignatureBytes];
            WebhookSigner.Compute(secrets[i], id, sent, body, expected[i]);
        }

        Span<byte> presented = stackalloc byte[WebhookSigner.SignatureBytes];
        foreach (var range in signatureHeader.AsSpan().Split(' '))
        {
            // Other schemes (v1a, later versions) and undecodable entries are skipped, as the reference libraries do.
            var entry = signatureHeader.AsSpan(range);
            if (!entry.StartsWith(SignaturePrefix, StringComparison.Ordinal)
                || !Convert.TryFromBase64Chars(entry[SignaturePrefix.Length..], presented, out var written)
                || written != WebhookSigner.SignatureBytes)
            {
                continue;
            }

            foreach (var candidate in expected)
            {
                if (CryptographicOperations.FixedTimeEquals(candidate, presented))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

// Sends one signed delivery attempt to an agency and reports how it went; retrying is the caller's business.
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace MotCua.Webhooks;

/// <summary>The Standard Webhooks body: <c>{"type", "timestamp", "data"}</c>.</summary>
/// <param name="Timestamp">When the event happened, which stays the same on every attempt.</param>
internal sealed record WebhookEvent(string Type, DateTimeOffset Timestamp, object Data)
{
    /// <summary>The bytes to sign and send; serialize once and keep them, since a reserialization may differ.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web);
}

/// <param name="StatusCode">The agency's answer; null when none came (timeout, connection failure).</param>
/// <param name="Error">Short and free of secrets and content: "timeout", "connection refused", "HTTP 500"; null on success.</param>
internal sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, long LatencyMs, string? Error)
{
    public bool Success => StatusCode is >= 200 and <= 299;
}

internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider time, ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "webhooks";

    public Task<DeliveryAttempt> SendAsync(Uri url, string id, WebhookEvent webhookEvent, IReadOnlyList<WebhookSecret> secrets,
        CancellationToken cancellationToken) =>
        SendAsync(url, id, webhookEvent.ToUtf8Json(), secrets, cancellationToken);

    /// <summary>POSTs <paramref name="body"/> exactly as signed. Network failures become a failed attempt; only cancellation throws.</summary>
    /// <param name="id">The <c>webhook-id</c>, the same on every attempt of one event so the agency can drop duplicates.</param>
    public async Task<DeliveryAttempt> SendAsync(Uri url, string id, ReadOnlyMemory<byte> body, IReadOnlyList<WebhookSecret> secrets,
        CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        WebhookSigner.CreateHeaders(id, at, body.Span, secrets).ApplyTo(request.Headers);

        var started = time.GetTimestamp();
        int? status = null;
        string? error;
        try
        {
            // Only the status matters; the agency's reply body is never read.
            using var response = await clients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {status}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = "timeout";
        }
        catch (HttpRequestException ex)
        {
            error = Describe(ex);
        }

        var attempt = new DeliveryAttempt(at, status, (long)time.GetElapsedTime(started).TotalMilliseconds, error);
        Log(id, url, attempt);
        return attempt;
    }

    private void Log(string id, Uri url, DeliveryAttempt attempt)
    {
        if (attempt.Success)
        {
            logger.LogInformation("Webhook {WebhookId} delivered to {Host}: {StatusCode} in {LatencyMs} ms",
                id, url.Host, attempt.StatusCode, attempt.LatencyMs);
        }
        else
        {
            logger.LogWarning("Webhook {WebhookId} to {Host} failed: {Error} after {LatencyMs} ms", id, url.Host, attempt.Error, attempt.LatencyMs);
        }
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError when ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
            "connection refused",
        HttpRequestError.ConnectionError => "connection failed",
        HttpRequestError.NameResolutionError => "name not resolved",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => "connection closed early",
        HttpRequestError.InvalidResponse => "invalid HTTP response",
        _ => "network error",
    };
}

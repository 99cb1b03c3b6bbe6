// An agency's one-stop system, in the test process: receives the portal's webhooks on a free port,
// verifies their Standard Webhooks signature with its own HMAC code (not the portal's), can fail on
// demand (an error status, a slow answer, or not listening at all), and signs the events it sends back to the portal.
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MotCua.Tests.Infrastructure;

public sealed record ReceivedWebhook(string Id, long Timestamp, string Type, JsonNode Data, string RawBody, bool SignatureValid);

public sealed partial class TestAgency : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly TimeProvider _clock;
    private WebApplication? _app;
    private int _failuresLeft;
    private long _replyDelayTicks;

    private TestAgency(string secret, Uri webhookUrl, TimeProvider clock)
    {
        _clock = clock;
        Secret = secret;
        WebhookUrl = webhookUrl;
    }

    public string Secret { get; }

    public Uri WebhookUrl { get; }

    public IReadOnlyCollection<ReceivedWebhook> Received => _received;

    /// <summary>The status code answered while failing (500 by default).</summary>
    public HttpStatusCode FailureStatus { get; set; } = HttpStatusCode.InternalServerError;

    /// <summary>Answer the next <paramref name="count"/> webhooks with <see cref="FailureStatus"/>; -1 fails until told otherwise.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    /// <summary>How long the agency takes before it answers each webhook (zero by default).</summary>
    public TimeSpan ReplyDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _replyDelayTicks));
        set => Interlocked.Exchange(ref _replyDelayTicks, value.Ticks);
    }

    /// <param name="clock">The agency's clock, for signature timestamps both ways: the portal's, when a test moves the portal's time.</param>
    public static async Task<TestAgency> StartAsync(TimeProvider? clock = null)
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var agency = new TestAgency(secret, new Uri($"http://127.0.0.1:{Azurite.FreePort()}/webhook"), clock ?? TimeProvider.System);
        await agency.StartAsync();
        return agency;
    }

    /// <summary>Listens (again, after <see cref="StopAsync"/>) on the same address, keeping what was received.</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(WebhookUrl.GetLeftPart(UriPartial.Authority));
        // Test output shows what went wrong, not every webhook.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/webhook", ReceiveAsync);
        await _app.StartAsync();
    }

    /// <summary>Stops listening: the portal's next attempts find the connection refused.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    /// <summary>Signs <paramref name="body"/> as this agency and posts it to the portal's events endpoint.</summary>
    public Task<HttpResponseMessage> SendEventAsync(HttpClient portal, string agencyId, object body,
        string? webhookId = null, DateTimeOffset? at = null, string? secret = null) =>
        portal.SendAsync(SignEvent(agencyId, body, webhookId, at, secret));

    /// <summary>The signed request <see cref="SendEventAsync"/> sends, for tests that tamper with it first.</summary>
    public HttpRequestMessage SignEvent(string agencyId, object body, string? webhookId = null, DateTimeOffset? at = null, string? secret = null)
    {
        var raw = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        var id = webhookId ?? $"msg_{Guid.NewGuid():N}";
        var timestamp = (at ?? _clock.GetUtcNow()).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/agencies/{agencyId}/events")
        {
            Content = new StringContent(raw, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(secret ?? Secret, id, timestamp, raw));
        return request;
    }

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var timestampText = request.Headers["webhook-timestamp"].ToString();
        var signatures = request.Headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var valid = long.TryParse(timestampText, out var timestamp)
                    && Math.Abs(_clock.GetUtcNow().ToUnixTimeSeconds() - timestamp) <= 300
                    && signatures.Contains(Sign(Secret, id, timestamp, raw));
        var json = JsonNode.Parse(raw)!;
        _received.Enqueue(new ReceivedWebhook(id, timestamp, json["type"]!.GetValue<string>(), json["data"]!, raw, valid));
        if (ReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(ReplyDelay, request.HttpContext.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (!valid)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        var left = Volatile.Read(ref _failuresLeft);
        if (left != 0)
        {
            if (left > 0)
            {
                Interlocked.Decrement(ref _failuresLeft);
            }

            return Results.StatusCode((int)FailureStatus);
        }

        return Results.NoContent();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

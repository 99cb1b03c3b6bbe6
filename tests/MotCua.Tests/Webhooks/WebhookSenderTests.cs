using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MotCua.Tests.Infrastructure;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class WebhookSenderTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    private WebhookSecret Secret => WebhookSecret.Parse("whsec_" + Convert.ToBase64String(_key));

    [Fact]
    public async Task Posts_the_serialized_event_signed_so_that_an_independent_hmac_matches()
    {
        await using var receiver = await Receiver.StartAsync();
        var webhookEvent = new WebhookEvent("dossier.submitted", Now.AddMinutes(-1), new { dossierId = "HS-1", fields = new { ten = "Nguyễn Văn A" } });

        var attempt = await Sender().SendAsync(receiver.Url("ok"), "msg_42", webhookEvent, [Secret], CancellationToken.None);

        Assert.Equal(new DeliveryAttempt(Now, 200, 0, null), attempt);
        Assert.True(attempt.Success);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("msg_42", request.Id);
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Timestamp);
        Assert.Equal(ExpectedSignature(_key, request), request.Signature);
        Assert.Equal(webhookEvent.ToUtf8Json(), request.Body);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("dossier.submitted", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(Now.AddMinutes(-1), json.RootElement.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("Nguyễn Văn A", json.RootElement.GetProperty("data").GetProperty("fields").GetProperty("ten").GetString());
    }

    [Fact]
    public async Task Signs_with_every_secret_during_a_rotation()
    {
        await using var receiver = await Receiver.StartAsync();
        var oldKey = RandomNumberGenerator.GetBytes(24);
        var old = WebhookSecret.Parse("whsec_" + Convert.ToBase64String(oldKey));

        await Sender().SendAsync(receiver.Url("ok"), "msg_1", "{}"u8.ToArray(), [Secret, old], CancellationToken.None);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal($"{ExpectedSignature(_key, request)} {ExpectedSignature(oldKey, request)}", request.Signature);
    }

    [Fact]
    public async Task A_500_reply_is_a_failed_attempt_with_its_status()
    {
        await using var receiver = await Receiver.StartAsync();

        var attempt = await Sender().SendAsync(receiver.Url("fail"), "msg_1", "{}"u8.ToArray(), [Secret], CancellationToken.None);

        Assert.False(attempt.Success);
        Assert.Equal(500, attempt.StatusCode);
        Assert.Equal("HTTP 500", attempt.Error);
    }

    [Fact]
    public async Task A_refused_connection_is_a_failed_attempt_without_status()
    {
        var closed = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/hook");

        var attempt = await Sender().SendAsync(closed, "msg_1", "{}"u8.ToArray(), [Secret], CancellationToken.None);

        Assert.Equal(new DeliveryAttempt(Now, null, 0, "connection refused"), attempt);
        Assert.False(attempt.Success);
    }

    [Fact]
    public async Task A_reply_slower_than_the_configured_timeout_is_a_timeout()
    {
        await using var receiver = await Receiver.StartAsync();
        var started = TimeProvider.System.GetTimestamp();

        var attempt = await Sender(timeout: "00:00:00.3").SendAsync(receiver.Url("slow"), "msg_1", "{}"u8.ToArray(), [Secret], CancellationToken.None);

        Assert.Equal(new DeliveryAttempt(Now, null, 0, "timeout"), attempt);
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_a_failure()
    {
        await using var receiver = await Receiver.StartAsync();

        var attempt = await Sender().SendAsync(receiver.Url("redirect"), "msg_1", "{}"u8.ToArray(), [Secret], CancellationToken.None);

        Assert.Equal(302, attempt.StatusCode);
        Assert.Equal("HTTP 302", attempt.Error);
        Assert.False(attempt.Success);
        Assert.Equal("/redirect", Assert.Single(receiver.Requests).Path);
    }

    [Fact]
    public async Task Latency_is_measured_on_the_time_provider()
    {
        await using var receiver = await Receiver.StartAsync();

        var attempt = await Sender(TimeProvider.System).SendAsync(receiver.Url("ok?delay=200"), "msg_1", "{}"u8.ToArray(), [Secret], CancellationToken.None);

        Assert.True(attempt.Success);
        Assert.InRange(attempt.LatencyMs, 150, 5_000);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_an_attempt()
    {
        await using var receiver = await Receiver.StartAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Sender().SendAsync(receiver.Url("slow"), "msg_1", "{}"u8.ToArray(), [Secret], cancellation.Token));
    }

    private WebhookSender Sender(string? timeout = null) => Sender(_time, timeout);

    private static WebhookSender Sender(TimeProvider time, string? timeout = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:Timeout"] = timeout ?? "00:00:05" })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(time)
            .AddLogging()
            .AddWebhooks();
        return services.BuildServiceProvider().GetRequiredService<WebhookSender>();
    }

    /// <summary>Recomputes the signature from the request as received, with nothing from the code under test.</summary>
    private static string ExpectedSignature(byte[] key, Received request)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}."), .. request.Body];
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private sealed record Received(string Method, string Path, string? ContentType, string? Id, string? Timestamp, string? Signature, byte[] Body);

    /// <summary>A real Kestrel agency endpoint on 127.0.0.1: /ok answers 200, /fail 500, /slow never in time, /redirect 302 to /ok.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Receiver(WebApplication app) => _app = app;

        public ConcurrentQueue<Received> Requests { get; } = new();

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.Run(receiver.HandleAsync);
            await app.StartAsync();
            return receiver;
        }

        public Uri Url(string pathAndQuery) => new(new Uri(_app.Urls.First()), pathAndQuery);

        private async Task HandleAsync(HttpContext context)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers;
            Requests.Enqueue(new Received(context.Request.Method, context.Request.Path, context.Request.ContentType,
                headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body.ToArray()));

            if (int.TryParse(context.Request.Query["delay"], out var delay))
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            switch (context.Request.Path.Value)
            {
                case "/fail":
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    break;
                case "/redirect":
                    context.Response.Redirect("/ok");
                    break;
                case "/slow":
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The sender gave up, which is what the test wants.
                    }

                    break;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

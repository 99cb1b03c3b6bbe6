// The agency end of forwarding: a lean endpoint that verifies each webhook's Standard Webhooks signature with the
// test agency's own HMAC code (as a real agency must) and notes when each dossier first arrived, on the benchmark's
// Stopwatch clock, so forwarding latency is measured where the agency sees it.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MotCua.Tests.Infrastructure;

namespace MotCua.Bench;

internal sealed class BenchAgency : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _arrivals = new(StringComparer.Ordinal);
    private int _refused;

    private BenchAgency(WebApplication app, string secret, Uri webhookUrl)
    {
        _app = app;
        Secret = secret;
        WebhookUrl = webhookUrl;
    }

    public string Secret { get; }

    public Uri WebhookUrl { get; }

    /// <summary>Dossiers received so far (duplicates of an at-least-once delivery count once).</summary>
    public int Count => _arrivals.Count;

    /// <summary>Webhooks answered 401 because their signature did not verify; any is a bug.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public ICollection<long> Arrivals => _arrivals.Values;

    public static async Task<BenchAgency> StartAsync()
    {
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var port = Azurite.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var agency = new BenchAgency(app, secret, new Uri($"http://127.0.0.1:{port}/webhook"));
        app.MapPost("/webhook", agency.ReceiveAsync);
        await app.StartAsync();
        return agency;
    }

    /// <summary>When the webhook of <paramref name="dossierId"/> first arrived (a Stopwatch timestamp), if it has.</summary>
    public long? ArrivalOf(string dossierId) => _arrivals.TryGetValue(dossierId, out var at) ? at : null;

    public void Clear() => _arrivals.Clear();

    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Count < count)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchException($"The agency received {Count} of {count} dossiers in {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(20);
        }
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var at = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = request.Headers["webhook-id"].ToString();
        var signatures = request.Headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!long.TryParse(request.Headers["webhook-timestamp"].ToString(), out var timestamp)
            || !signatures.Contains(TestAgency.Sign(Secret, id, timestamp, body)))
        {
            Interlocked.Increment(ref _refused);
            return TypedResults.StatusCode(StatusCodes.Status401Unauthorized);
        }

        using var json = JsonDocument.Parse(body);
        _arrivals.TryAdd(json.RootElement.GetProperty("data").GetProperty("dossierId").GetString()!, at);
        return TypedResults.NoContent();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

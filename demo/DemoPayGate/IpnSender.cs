// The IPN: GET {IpnUrl}?{signed parameters}, server to server. The first try is made while the browser waits; when the
// merchant does not confirm it (RspCode 00, or 02 "already confirmed"), the retries run here in the background.
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace MotCua.DemoPayGate;

internal sealed class IpnSender(IHttpClientFactory clients, PayGateControl control, IOptions<PayGateOptions> options, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<IpnSender> logger) : BackgroundService
{
    /// <summary>One try's limit, so a merchant that hangs keeps the customer's browser waiting no longer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly Channel<(Uri Url, string TxnRef)> _unconfirmed = Channel.CreateUnbounded<(Uri, string)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Sends the IPN once now, and queues the retries when the merchant did not confirm it.</summary>
    public async Task NotifyAsync(string txnRef, string query)
    {
        if (control.DropIpn)
        {
            logger.LogWarning("Dropped the IPN of {TxnRef} (DropIpn): the merchant learns of it only by asking (querydr)", txnRef);
            return;
        }

        var url = control.IpnUrl.WithQuery(query);
        if (!await TryAsync(url, txnRef, 1, lifetime.ApplicationStopping) && options.Value.IpnRetries > 0)
        {
            _unconfirmed.Writer.TryWrite((url, txnRef));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            await foreach (var (url, txnRef) in _unconfirmed.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(task => task.IsCompleted);
                running.Add(RetryAsync(url, txnRef, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM; the retries still waiting stop too.
        }

        await Task.WhenAll(running);
    }

    private async Task RetryAsync(Uri url, string txnRef, CancellationToken cancellationToken)
    {
        var (retries, delay) = (options.Value.IpnRetries, options.Value.IpnRetryDelay);
        try
        {
            for (var attempt = 2; attempt <= retries + 1; attempt++)
            {
                await Task.Delay(delay, clock, cancellationToken);
                if (await TryAsync(url, txnRef, attempt, cancellationToken))
                {
                    return;
                }
            }

            logger.LogError("Gave up the IPN of {TxnRef} after {Attempts} tries: the merchant must ask (querydr)", txnRef, retries + 1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopped with the IPN of {TxnRef} unconfirmed", txnRef);
        }
    }

    /// <summary>True when the merchant answered <c>{"RspCode":"00"}</c> or <c>"02"</c>; every try is logged.</summary>
    private async Task<bool> TryAsync(Uri url, string txnRef, int attempt, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            using var response = await clients.CreateClient(nameof(IpnSender)).GetAsync(url, cancellationToken);
            var answer = response.StatusCode == HttpStatusCode.OK
                ? await response.Content.ReadFromJsonAsync<IpnAnswer>(JsonSerializerOptions.Web, cancellationToken)
                : null;
            if (answer?.RspCode is "00" or "02")
            {
                logger.LogInformation("IPN of {TxnRef}, try {Attempt}: the merchant answered {RspCode} {Message}", txnRef, attempt, answer.RspCode, answer.Message);
                return true;
            }

            failure = answer is null ? $"HTTP {(int)response.StatusCode}" : $"{answer.RspCode} {answer.Message}";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.InnerException?.Message ?? ex.Message;
        }
        catch (JsonException)
        {
            failure = "an answer that is not {\"RspCode\",\"Message\"}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = "timed out";
        }

        logger.LogWarning("IPN of {TxnRef}, try {Attempt}: not confirmed ({Failure})", txnRef, attempt, failure);
        return false;
    }

    /// <summary>The merchant's answer to an IPN.</summary>
    private sealed record IpnAnswer(string? RspCode, string? Message);
}

using Microsoft.Azure.Functions.Worker;

namespace MotCua.TestWorker;

/// <summary>Records each message of the queue the setting PingQueue names with its dequeue count, taking <see cref="Probe.PingDuration"/>.</summary>
public sealed class RecordPing(Probe probe, TimeProvider clock)
{
    [Function(nameof(RecordPing))]
    public Task Run([QueueTrigger("%PingQueue%", Connection = "AzureWebJobsStorage")] string message, long dequeueCount, string id,
        CancellationToken cancellationToken) =>
        probe.RunAsync(new QueueRun(nameof(RecordPing), message, dequeueCount, id, clock.GetUtcNow()), cancellationToken);
}

/// <summary>Fails each message of the queue the setting FlakyQueue names until its dequeue count reaches the number the message holds.</summary>
public sealed class FailUntil(Probe probe, TimeProvider clock)
{
    [Function(nameof(FailUntil))]
    public async Task Run([QueueTrigger("%FlakyQueue%", Connection = "AzureWebJobsStorage")] string message, long dequeueCount,
        CancellationToken cancellationToken)
    {
        await probe.RunAsync(new QueueRun(nameof(FailUntil), message, dequeueCount, null, clock.GetUtcNow()), cancellationToken);
        if (dequeueCount < long.Parse(message, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Failing attempt {dequeueCount} on purpose.");
        }
    }
}

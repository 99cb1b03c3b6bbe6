// The Functions host's SharedQueueWatcher: when the app itself puts a message on a queue, that queue's listener in
// this instance polls at once instead of sleeping out its back-off, so a dossier reaches its agency in milliseconds
// rather than after up to maxPollingInterval. Other instances find the message on their next poll, as in Azure.
using System.Collections.Concurrent;

namespace MotCua.Hosting;

public sealed class SharedQueueWatcher
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    /// <summary>A message was just added to <paramref name="queueName"/>.</summary>
    public void Notify(string queueName)
    {
        var signal = Signal(queueName);
        try
        {
            if (signal.CurrentCount == 0)
            {
                signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another notification got there first; one wake-up is enough.
        }
    }

    /// <summary>Waits <paramref name="delay"/> on <paramref name="time"/>, or until the queue is notified, whichever is first.</summary>
    internal async Task DelayAsync(string queueName, TimeSpan delay, TimeProvider time, CancellationToken stopping)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var notified = Signal(queueName).WaitAsync(waiting.Token);
        var elapsed = Task.Delay(delay, time, waiting.Token);
        await Task.WhenAny(notified, elapsed);
        // The loser is cancelled, not faulted, so nothing is left unobserved.
        await waiting.CancelAsync();
        stopping.ThrowIfCancellationRequested();
    }

    private SemaphoreSlim Signal(string queueName) => _signals.GetOrAdd(queueName, _ => new SemaphoreSlim(0, 1));
}

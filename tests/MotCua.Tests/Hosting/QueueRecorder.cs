// Test queue functions report here what they received; each test gives the recorder its own behaviour.
using System.Threading.Channels;
using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed record Ping(string Text, int Number);

public sealed record Delivery(Ping Message, QueueMessageInfo Info, long Timestamp);

internal sealed class QueueRecorder(Func<Delivery, CancellationToken, Task>? behaviour = null)
{
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly Func<Delivery, CancellationToken, Task> _behaviour = behaviour ?? ((_, _) => Task.CompletedTask);
    private int _running;
    private int _maxRunning;
    private int _count;

    /// <summary>The most handlers that were running at the same moment.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    /// <summary>How many deliveries have started so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public async Task HandleAsync(Ping message, QueueMessageInfo info, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        for (var seen = Volatile.Read(ref _maxRunning); running > seen; seen = Volatile.Read(ref _maxRunning))
        {
            if (Interlocked.CompareExchange(ref _maxRunning, running, seen) == seen)
            {
                break;
            }
        }

        try
        {
            var delivery = new Delivery(message, info, TimeProvider.System.GetTimestamp());
            Interlocked.Increment(ref _count);
            _deliveries.Writer.TryWrite(delivery);
            await _behaviour(delivery, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>The next delivery in the order handlers started, or a timeout.</summary>
    public async Task<Delivery> NextAsync(TimeSpan? timeout = null) =>
        await _deliveries.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
}

internal sealed class RecordPing(QueueRecorder recorder) : IQueueFunction<Ping>
{
    public Task RunAsync(Ping message, QueueMessageInfo info, CancellationToken cancellationToken) =>
        recorder.HandleAsync(message, info, cancellationToken);
}

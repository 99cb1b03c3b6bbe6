// What the test functions saw, for the test that started them in its own process.
using System.Collections.Concurrent;

namespace MotCua.TestWorker;

public sealed record QueueRun(string Function, string Message, long DequeueCount, string? Id, DateTimeOffset At);

public sealed record TimerRun(string Function, bool IsPastDue, DateTime? Last, DateTime? Next, DateTimeOffset At);

public sealed class Probe
{
    private readonly ConcurrentQueue<QueueRun> _queueRuns = new();
    private readonly ConcurrentQueue<TimerRun> _timerRuns = new();
    private int _running;
    private int _mostRunning;

    public IReadOnlyList<QueueRun> QueueRuns => [.. _queueRuns];

    public IReadOnlyList<TimerRun> TimerRuns => [.. _timerRuns];

    /// <summary>The most queue invocations that ran at the same time.</summary>
    public int MostRunning => Volatile.Read(ref _mostRunning);

    /// <summary>How long a queue invocation of <see cref="RecordPing"/> takes.</summary>
    public TimeSpan PingDuration { get; set; }

    public async Task RunAsync(QueueRun run, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        for (var most = _mostRunning; running > most; most = _mostRunning)
        {
            Interlocked.CompareExchange(ref _mostRunning, running, most);
        }

        try
        {
            _queueRuns.Enqueue(run);
            await Task.Delay(PingDuration, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public void Add(TimerRun run) => _timerRuns.Enqueue(run);

    /// <summary>The times of the runs of one timer function, for a failure message.</summary>
    public string Describe(string function) =>
        string.Join(" ", TimerRunsOf(function).Select(run => run.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The runs of one timer function.</summary>
    public IReadOnlyList<TimerRun> TimerRunsOf(string function) => [.. _timerRuns.Where(run => run.Function == function)];

    /// <summary>
    /// Which occurrence of a schedule firing every <paramref name="period"/> each run of <paramref name="function"/> was: the
    /// last boundary of the period at or before its time, allowing for a timer that fires a few milliseconds early. A run
    /// late by up to the period less that allowance (as under load, or while storage comes back) still names its own.
    /// </summary>
    public IReadOnlyList<long> OccurrencesOf(string function, TimeSpan period) =>
        [.. TimerRunsOf(function).Select(run => (long)Math.Floor((run.At.ToUnixTimeMilliseconds() + EarlyAllowance.TotalMilliseconds) / period.TotalMilliseconds))];

    private static readonly TimeSpan EarlyAllowance = TimeSpan.FromMilliseconds(50);
}

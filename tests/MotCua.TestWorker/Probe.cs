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

    /// <summary>
    /// The runs of one timer function, for a failure message: each one's time, and the schedule status the listener gave it (the
    /// occurrence it thought next, and whether it ran as past due), which tells a second run of one occurrence from a restart's.
    /// </summary>
    public string Describe(string function) => string.Join(" ", TimerRunsOf(function).Select(run => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{run.At:HH:mm:ss.fff}{(run.IsPastDue ? " (past due)" : "")}{(run.Next is { } next ? $" [next {next:HH:mm:ss.fff}]" : "")}")));

    /// <summary>The runs of one timer function.</summary>
    public IReadOnlyList<TimerRun> TimerRunsOf(string function) => [.. _timerRuns.Where(run => run.Function == function)];

    /// <summary>
    /// Whether <paramref name="runs"/> of a timer firing every <paramref name="period"/> are at most one per occurrence. Each run
    /// after the first is of an occurrence later than the run before it ended (the listener schedules the next from then) and
    /// at or before its own time (a few milliseconds after, when a timer fires early): so there are at most as many runs as
    /// occurrences from one period before the first run to the last, and more means an occurrence ran twice. A run late by
    /// almost a period followed closely by the next occurrence's run is two occurrences, and passes.
    /// </summary>
    public static bool AtMostOncePerOccurrence(IReadOnlyCollection<TimerRun> runs, TimeSpan period)
    {
        if (runs.Count == 0)
        {
            return true;
        }

        long Boundary(DateTimeOffset at) => (long)Math.Floor(at.ToUnixTimeMilliseconds() / period.TotalMilliseconds);
        var (first, last) = (runs.Min(run => run.At), runs.Max(run => run.At));
        return runs.Count <= Boundary(last + EarlyAllowance) - Boundary(first - period);
    }

    private static readonly TimeSpan EarlyAllowance = TimeSpan.FromMilliseconds(50);
}

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
    /// Whether <paramref name="runs"/> of a timer firing every <paramref name="period"/>, whose listener started after
    /// <paramref name="notBefore"/>, can be one run per occurrence. The listener runs one occurrence at a time, each later than
    /// the one before, and a run's time is at or after its occurrence's (a few milliseconds before, when a timer fires early).
    /// It takes the next occurrence after the one that started the run, not after the run ended, so a run longer than a period
    /// (a cold worker's first) is followed at once by the occurrence it overran: two runs close together are not by themselves
    /// one occurrence run twice. Gives each run, in order, the earliest occurrence left, and fails when one's is after it.
    /// </summary>
    public static bool AtMostOncePerOccurrence(IEnumerable<TimerRun> runs, TimeSpan period, DateTimeOffset notBefore)
    {
        var sinceOccurrence = notBefore.UtcTicks % period.Ticks;
        var occurrence = sinceOccurrence == 0 ? notBefore : notBefore.AddTicks(period.Ticks - sinceOccurrence);
        foreach (var run in runs.OrderBy(run => run.At))
        {
            if (occurrence > run.At + EarlyAllowance)
            {
                return false;
            }

            occurrence += period;
        }

        return true;
    }

    private static readonly TimeSpan EarlyAllowance = TimeSpan.FromMilliseconds(50);
}

using MotCua.TestWorker;

namespace MotCua.Tests.DevHost;

/// <summary>The check the timer tests count runs with: it must catch an occurrence run twice and let a late run pass.</summary>
public sealed class OccurrenceCountTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>The listener started within the half second before the first occurrence.</summary>
    private static readonly DateTimeOffset ListenerStarted = Start.AddMilliseconds(-500);

    [Theory]
    [InlineData(new[] { 0, 1000, 2000, 3000 })]
    [InlineData(new[] { 0, 1995, 2000 })]
    [InlineData(new[] { 3, 1002, 1999, 3010 })]
    [InlineData(new[] { 995, 1000 })]
    // A cold worker's first run ends 1.577 s after its occurrence; the overrun occurrence runs at once, the next on time.
    [InlineData(new[] { 1577, 1588, 2000 })]
    public void On_time_and_late_runs_are_one_per_occurrence(int[] milliseconds) =>
        Assert.True(Probe.AtMostOncePerOccurrence(Runs(milliseconds), Second, ListenerStarted));

    [Theory]
    [InlineData(new[] { 0, 1000, 1005 })]
    [InlineData(new[] { 0, 5 })]
    [InlineData(new[] { 1000, 1004, 2000, 2003 })]
    [InlineData(new[] { 1577, 1588, 1590 })]
    public void An_occurrence_run_twice_is_caught(int[] milliseconds) =>
        Assert.False(Probe.AtMostOncePerOccurrence(Runs(milliseconds), Second, ListenerStarted));

    private static TimerRun[] Runs(int[] milliseconds) =>
        [.. milliseconds.Select(ms => new TimerRun("Tick", IsPastDue: false, null, null, Start.AddMilliseconds(ms)))];
}

// Load shapes: a closed loop (N requests by C workers, each starting the next as soon as its last ends) and an
// open loop at a fixed rate (requests start on schedule whether or not earlier ones have ended).
using System.Diagnostics;

namespace MotCua.Bench;

internal static class Load
{
    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times with <paramref name="concurrency"/> in flight.</summary>
    /// <remarks>A failed request is counted and timed like any other: the figures are for what callers saw.</remarks>
    public static async Task<Phase> ClosedAsync(string name, int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var errors = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(i);
                }
                catch (Exception ex) when (ex is HttpRequestException or Azure.RequestFailedException or TaskCanceledException or BenchException)
                {
                    if (Interlocked.Increment(ref errors) == 1)
                    {
                        Console.WriteLine($"  first error in {name}: {ex.Message}");
                    }
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        return new Phase(name, count, total.Elapsed, latencies, errors);
    }

    /// <summary>Starts <paramref name="operation"/> <paramref name="count"/> times, <paramref name="perSecond"/> a second, on schedule.</summary>
    public static async Task OpenAsync(int count, double perSecond, Func<int, Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        var running = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            var index = i;
            running.Add(Task.Run(() => operation(index)));
        }

        await Task.WhenAll(running);
    }
}

/// <summary>A request the benchmark counts as failed (an unexpected status, a missing row).</summary>
internal sealed class BenchException(string message) : Exception(message);

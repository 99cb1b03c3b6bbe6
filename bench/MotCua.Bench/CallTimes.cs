// Where a baseline's time goes: the mean duration of each storage (or HTTP) call it makes, at the load it ran under.
// The app's own latency minus the baseline's is what the app adds on top of the same calls.
using System.Diagnostics;
using System.Globalization;

namespace MotCua.Bench;

internal sealed class CallTimes
{
    // In the order the calls were first made; a lock is nothing next to a storage round trip.
    private readonly List<(string Call, long Ticks, long Count)> _calls = [];

    public async Task TimeAsync(string call, Func<Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        var ticks = Stopwatch.GetTimestamp() - started;
        lock (_calls)
        {
            var index = _calls.FindIndex(c => c.Call == call);
            if (index < 0)
            {
                _calls.Add((call, ticks, 1));
            }
            else
            {
                _calls[index] = (call, _calls[index].Ticks + ticks, _calls[index].Count + 1);
            }
        }
    }

    public async Task<T> TimeAsync<T>(string call, Func<Task<T>> run)
    {
        var result = default(T)!;
        await TimeAsync(call, async () => { result = await run(); });
        return result;
    }

    /// <summary>The call with the longest mean time, and that time in milliseconds.</summary>
    public (string Call, double Ms) Slowest()
    {
        lock (_calls)
        {
            return _calls.Select(c => (c.Call, c.Ticks * 1000.0 / Stopwatch.Frequency / c.Count)).MaxBy(c => c.Item2);
        }
    }

    public void Clear()
    {
        lock (_calls)
        {
            _calls.Clear();
        }
    }

    public override string ToString()
    {
        lock (_calls)
        {
            return string.Join(", ", _calls.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"{c.Call} {c.Ticks * 1000.0 / Stopwatch.Frequency / c.Count:F1}")));
        }
    }
}

// The one way the tests wait for something the app does in the background: read, check, and read again a moment later,
// until the check holds or the time is up; a failure says what was last read.
namespace MotCua.Tests.Infrastructure;

public static class Poll
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Reads until <paramref name="done"/> holds for what was read, and returns that. After <paramref name="timeout"/>, throws a
    /// <see cref="TimeoutException"/> with <paramref name="failure"/> of the last value read.
    /// </summary>
    /// <param name="interval">The pause between reads: longer where a read is costly.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> failure,
        TimeSpan? interval = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds} s: {failure(value)}");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    /// <summary>Checks <paramref name="condition"/> until it holds; fails with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure, TimeSpan? interval = null) =>
        UntilAsync(condition, holds => holds, timeout, _ => failure(), interval);

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, TimeSpan, Func{string}, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, failure);
}

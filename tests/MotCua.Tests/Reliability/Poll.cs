namespace MotCua.Tests.Reliability;

internal static class Poll
{
    /// <summary>Checks <paramref name="condition"/> until it holds; fails with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> failure) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, failure);

    /// <inheritdoc cref="UntilAsync(Func{bool}, TimeSpan, Func{string})"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < timeout, $"Not within {timeout.TotalSeconds} s: {failure()}");
            await Task.Delay(25);
        }
    }
}

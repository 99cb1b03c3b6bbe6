using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed class PollingBackoffTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Misses_start_near_twice_the_minimum_then_grow_until_the_cap()
    {
        var backoff = new PollingBackoff(Minimum, TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextMiss()).ToList();

        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(180), TimeSpan.FromMilliseconds(220));
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.Second} < {pair.First}"));
        Assert.Equal(TimeSpan.FromSeconds(1), delays[^1]);
    }

    [Fact]
    public void Reset_after_messages_starts_the_growth_again()
    {
        var backoff = new PollingBackoff(Minimum, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 10; i++)
        {
            backoff.NextMiss();
        }

        backoff.Reset();

        Assert.InRange(backoff.NextMiss(), TimeSpan.FromMilliseconds(180), TimeSpan.FromMilliseconds(220));
    }

    [Fact]
    public void A_cap_below_the_minimum_polls_at_the_minimum()
    {
        var backoff = new PollingBackoff(Minimum, TimeSpan.FromMilliseconds(10));

        Assert.Equal(Minimum, backoff.NextMiss());
        Assert.Equal(Minimum, backoff.NextMiss());
    }
}

using Microsoft.Extensions.Time.Testing;

namespace MotCua.Tests.Infrastructure;

/// <summary>
/// Time the test sets, and timers that run in real time: the app's queue listeners keep polling, while its timer loops
/// wait real minutes, so within a test only the sweeps the test runs happen.
/// </summary>
public sealed class SetClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}

using Microsoft.Azure.Functions.Worker;

namespace MotCua.TestWorker;

/// <summary>On the schedule the setting <c>TickSchedule</c> names.</summary>
public sealed class Tick(Probe probe, TimeProvider clock)
{
    [Function(nameof(Tick))]
    public void Run([TimerTrigger("%TickSchedule%")] TimerInfo timer) =>
        probe.Add(new TimerRun(nameof(Tick), timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next, clock.GetUtcNow()));
}

/// <summary>Once a year, and once at every start.</summary>
public sealed class OnStartup(Probe probe, TimeProvider clock)
{
    [Function(nameof(OnStartup))]
    public void Run([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) =>
        probe.Add(new TimerRun(nameof(OnStartup), timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next, clock.GetUtcNow()));
}

/// <summary>At five every morning in the zone WEBSITE_TIME_ZONE names, as the portal's daily report, and at start (to show its next run).</summary>
public sealed class FiveInTheMorning(Probe probe, TimeProvider clock)
{
    [Function(nameof(FiveInTheMorning))]
    public void Run([TimerTrigger("0 0 5 * * *", RunOnStartup = true)] TimerInfo timer) =>
        probe.Add(new TimerRun(nameof(FiveInTheMorning), timer.IsPastDue, timer.ScheduleStatus?.Last, timer.ScheduleStatus?.Next, clock.GetUtcNow()));
}

// Timer triggers as the DevHost runs them on the WebJobs SDK: NCRONTAB with seconds in WEBSITE_TIME_ZONE, runOnStartup,
// past-due runs from the schedule status kept in storage, and one instance per timer across DevHosts on one account.
using MotCua.TestWorker;
using MotCua.Tests.Infrastructure;
using MotCua.Tests.Reliability;

namespace MotCua.Tests.DevHost;

// In the reliability collection, one class at a time: these tests wait on the wall clock, and on a machine busy with other
// classes a cold worker's first run can last longer than a period (see Probe.AtMostOncePerOccurrence).
[Collection(ReliabilitySuite.Name)]
public sealed class TimerTriggerTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static Dictionary<string, string?> Every(TimeSpan period, string hostId) => new()
    {
        ["TickSchedule"] = period == TimeSpan.FromSeconds(1) ? "* * * * * *" : $"*/{period.TotalSeconds} * * * * *",
        ["AzureFunctionsWebHost:hostid"] = hostId,
    };

    [Fact]
    public async Task A_per_second_schedule_fires_every_second()
    {
        // Six runs: two listeners would run them within three seconds of starting, fewer occurrences than runs.
        var started = TimeProvider.System.GetUtcNow();
        await using var app = await TestWorkerApp.StartAsync(azurite, Every(TimeSpan.FromSeconds(1), TimerBlobs.NewHostId("tick")));

        var ticks = await WaitForTicksAsync(app.Probe, 6);

        Assert.True(Probe.AtMostOncePerOccurrence(ticks, TimeSpan.FromSeconds(1), started), $"An occurrence ran twice: {app.Probe.Describe(nameof(Tick))}");
    }

    [Fact]
    public async Task RunOnStartup_fires_once_when_the_host_starts()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite);

        await Poll.UntilAsync(() => app.Probe.TimerRuns.Any(r => r.Function == nameof(OnStartup)), TimeSpan.FromSeconds(10), () => "no start-up run");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(Assert.Single(app.Probe.TimerRuns, r => r.Function == nameof(OnStartup)).IsPastDue);
    }

    [Fact]
    public async Task Five_in_the_morning_is_in_the_zone_website_time_zone_names()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?> { ["WEBSITE_TIME_ZONE"] = "SE Asia Standard Time" });

        await Poll.UntilAsync(() => app.Probe.TimerRuns.Any(r => r.Function == nameof(FiveInTheMorning)), TimeSpan.FromSeconds(10), () => "no start-up run");

        var next = Assert.Single(app.Probe.TimerRuns, r => r.Function == nameof(FiveInTheMorning)).Next!.Value;
        var vietnam = TimeZoneInfo.FindSystemTimeZoneById("SE Asia Standard Time");
        var nextInVietnam = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)), vietnam);
        Assert.Equal((5, 0, 0), (nextInVietnam.Hour, nextInVietnam.Minute, nextInVietnam.Second));
    }

    [Fact]
    public async Task A_run_missed_while_no_host_ran_fires_once_as_past_due_on_start()
    {
        // An hourly timer whose stored status says it last ran on the hour two hours ago: the run due an hour ago was missed.
        // (A status that does not fit the schedule reads as a changed schedule, which is never past due.)
        var hostId = TimerBlobs.NewHostId("pastdue");
        var settings = new Dictionary<string, string?> { ["TickSchedule"] = "0 0 * * * *", ["AzureFunctionsWebHost:hostid"] = hostId };
        var now = DateTime.Now;
        var lastRun = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Local).AddHours(-2);
        await TimerBlobs.WriteStatusAsync(azurite.ConnectionString, hostId, nameof(Tick), lastRun, lastRun.AddHours(1));

        await using (var first = await TestWorkerApp.StartAsync(azurite, settings))
        {
            Assert.True(Assert.Single(await WaitForTicksAsync(first.Probe, 1)).IsPastDue);
        }

        await using var second = await TestWorkerApp.StartAsync(azurite, settings);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(Ticks(second.Probe));
    }

    [Fact]
    public async Task Two_hosts_on_one_account_run_each_occurrence_once()
    {
        // Every two seconds: a handful of runs within the wait, each one host's.
        var period = TimeSpan.FromSeconds(2);
        var settings = Every(period, TimerBlobs.NewHostId("two"));
        var started = TimeProvider.System.GetUtcNow();
        await using var first = await TestWorkerApp.StartAsync(azurite, settings);
        await using var second = await TestWorkerApp.StartAsync(azurite, settings);

        await Poll.UntilAsync(() => Ticks(first.Probe).Count + Ticks(second.Probe).Count >= 5, TimeSpan.FromSeconds(20), () => "too few ticks");

        Assert.True(Probe.AtMostOncePerOccurrence([.. Ticks(first.Probe), .. Ticks(second.Probe)], period, started),
            $"An occurrence ran twice. First host: {first.Probe.Describe(nameof(Tick))}; second: {second.Probe.Describe(nameof(Tick))}");
        Assert.True(Ticks(first.Probe).Count == 0 || Ticks(second.Probe).Count == 0, "Both hosts ran the timer.");
    }

    private static IReadOnlyList<TimerRun> Ticks(Probe probe) => probe.TimerRunsOf(nameof(Tick));

    private static async Task<IReadOnlyList<TimerRun>> WaitForTicksAsync(Probe probe, int count)
    {
        await Poll.UntilAsync(() => Ticks(probe).Count >= count, TimeSpan.FromSeconds(15), () => $"{Ticks(probe).Count} of {count} ticks");
        return Ticks(probe);
    }
}

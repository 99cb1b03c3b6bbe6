using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class TimerSchedulerTests(Azurite azurite) : IClassFixture<Azurite>
{
    private const string Timer = "Tick";
    private const string EverySecond = "* * * * * *";
    private const string DailyAtFive = "0 0 5 * * *";

    [Fact]
    public async Task A_per_second_schedule_fires_every_second()
    {
        var recorder = new TimerRecorder();
        await using var app = await StartAsync(Timers(EverySecond), NewHostId(), recorder);

        var runs = await recorder.WaitForAsync(3);

        var occurrences = runs.Select(run => run.Info.ScheduleStatus!.Next).ToList();
        Assert.All(runs, run => Assert.False(run.Info.IsPastDue));
        Assert.All(occurrences, due => Assert.Equal(0, due.Millisecond));
        Assert.Equal(occurrences.Order(), occurrences);
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
    }

    [Fact]
    public async Task A_failing_run_is_logged_and_the_schedule_goes_on()
    {
        var recorder = new TimerRecorder();
        var functions = new FunctionRegistry().AddTimer<RecordThenFail>(Timer, EverySecond);
        await using var app = await StartAsync(functions, NewHostId(), recorder);

        var runs = await recorder.WaitForAsync(2);

        Assert.True(runs[1].Info.ScheduleStatus!.Next > runs[0].Info.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task RunOnStartup_fires_once_when_the_runtime_starts()
    {
        var recorder = new TimerRecorder();
        // New Year's morning: the schedule itself does not fire during the test.
        await using var app = await StartAsync(Timers("0 0 5 1 1 *", runOnStartup: true), NewHostId(), recorder);

        var run = Assert.Single(await recorder.WaitForAsync(1));

        Assert.False(run.Info.IsPastDue);
        Assert.True(run.Info.ScheduleStatus!.Next > run.At);
    }

    [Fact]
    public async Task A_run_missed_while_no_instance_ran_fires_once_as_past_due_on_start()
    {
        var hostId = NewHostId();
        // Three days ago at 05:00 Vietnam time (22:00 UTC), so the stored Next is the schedule's own next occurrence.
        var lastRun = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date.AddDays(-3).AddHours(22), TimeSpan.Zero);
        var status = StatusBlob(hostId);
        await status.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await status.UploadAsync(BinaryData.FromObjectAsJson(new ScheduleStatus(lastRun, lastRun.AddDays(1), lastRun)), overwrite: true);
        var recorder = new TimerRecorder();
        var startedAt = TimeProvider.System.GetUtcNow();

        await using var app = await StartAsync(Timers(DailyAtFive), hostId, recorder);

        var run = Assert.Single(await recorder.WaitForAsync(1));
        Assert.True(run.Info.IsPastDue);
        Assert.Equal(lastRun.AddDays(1), run.Info.ScheduleStatus!.Next);
        // Catching up each of the three missed days would leave a past Next behind until the last catch-up ran.
        var recorded = await PollAsync(async () => await ReadStatusAsync(status) is { } s && s.Next > startedAt ? s : null);
        Assert.True(recorded.Last >= startedAt);
        Assert.Single(recorder.Runs);
    }

    [Fact]
    public async Task Two_instances_never_run_the_same_second_and_the_standby_takes_over_when_the_holder_stops()
    {
        var hostId = NewHostId();
        var (holderRuns, standbyRuns) = (new TimerRecorder(), new TimerRecorder());
        var holder = await StartAsync(Timers(EverySecond), hostId, holderRuns, lease: "00:00:15");
        try
        {
            await holderRuns.WaitForAsync(1);
            await using var standby = await StartAsync(Timers(EverySecond), hostId, standbyRuns, lease: "00:00:15");
            var from = TimeProvider.System.GetUtcNow();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var until = TimeProvider.System.GetUtcNow();

            Assert.Empty(standbyRuns.Runs);
            Assert.InRange(holderRuns.Runs.Count(run => run.At >= from && run.At < until), 2, 4);

            await holder.DisposeAsync();
            holder = null;
            var takenOver = await standbyRuns.WaitForAsync(2);

            var holderLast = holderRuns.Runs.Max(run => run.Info.ScheduleStatus!.Next);
            Assert.All(takenOver, run => Assert.True(run.Info.ScheduleStatus!.Next > holderLast));
            var occurrences = holderRuns.Runs.Concat(standbyRuns.Runs).Select(run => run.Info.ScheduleStatus!.Next).ToList();
            Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        }
        finally
        {
            if (holder is not null)
            {
                await holder.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_daily_schedule_fires_when_the_clock_passes_five_in_the_morning_Vietnam_time()
    {
        var hostId = NewHostId();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 21, 59, 57, TimeSpan.Zero));
        var recorder = new TimerRecorder();
        await using var app = await StartAsync(Timers(DailyAtFive), hostId, recorder, configure: services => services.AddSingleton<TimeProvider>(clock));
        // The scheduler records its first Next before it starts waiting; moving the clock sooner would skip today.
        await PollAsync(() => ReadStatusAsync(StatusBlob(hostId)));

        var deadline = TimeProvider.System.GetTimestamp();
        while (recorder.Runs.Count == 0 && TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(10))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        var run = Assert.Single(recorder.Runs);
        var fiveInHanoi = new DateTimeOffset(2025, 6, 2, 5, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal(fiveInHanoi, run.Info.ScheduleStatus!.Next);
        Assert.False(run.Info.IsPastDue);
        Assert.True(run.At >= fiveInHanoi);
    }

    [Fact]
    public async Task A_storage_outage_at_startup_only_delays_the_timer()
    {
        var recorder = new TimerRecorder();
        // Without the SDK's own retries each attempt fails at once, so the restart spans several of the scheduler's tries.
        var blobs = new BlobServiceClient(azurite.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });
        await azurite.StopAsync();
        FunctionApp? app = null;
        try
        {
            app = await StartAsync(Timers(EverySecond), NewHostId(), recorder, configure: services => services.AddSingleton(blobs));
        }
        finally
        {
            await azurite.StartAsync();
        }

        await using (app)
        {
            await recorder.WaitForAsync(2);

            Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task An_invalid_schedule_stops_the_app_from_starting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Timers("0 5 * * *"), NewHostId(), new TimerRecorder()));

        Assert.Contains($"'{Timer}'", error.Message, StringComparison.Ordinal);
    }

    private static string NewHostId() => $"test-{Guid.NewGuid():N}";

    private static FunctionRegistry Timers(string schedule, bool runOnStartup = false) =>
        new FunctionRegistry().AddTimer<RecordRun>(Timer, schedule, runOnStartup);

    private Task<FunctionApp> StartAsync(FunctionRegistry functions, string hostId, TimerRecorder recorder, string lease = "00:00:30",
        Action<IServiceCollection>? configure = null) =>
        FunctionApp.StartAsync(azurite, functions,
            new Dictionary<string, string?>
            {
                ["LocalRuntime:HostId"] = hostId,
                ["LocalRuntime:TimerLease"] = lease,
                [TimerSchedule.TimeZoneSetting] = "SE Asia Standard Time",
            },
            builder =>
            {
                builder.Services.AddSingleton(recorder);
                configure?.Invoke(builder.Services);
            });

    private BlobClient StatusBlob(string hostId) =>
        new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(TimerScheduler.HostsContainer)
            .GetBlobClient($"timers/{hostId}/{Timer}/status");

    private static async Task<ScheduleStatus?> ReadStatusAsync(BlobClient status)
    {
        try
        {
            return (await status.DownloadContentAsync()).Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "Timed out waiting for the timer.");
            await Task.Delay(50);
        }
    }

    internal sealed record TimerRun(TimerInfo Info, DateTimeOffset At);

    internal sealed class TimerRecorder
    {
        private readonly ConcurrentQueue<TimerRun> _runs = new();

        public IReadOnlyList<TimerRun> Runs => [.. _runs];

        public void Add(TimerRun run) => _runs.Enqueue(run);

        public async Task<IReadOnlyList<TimerRun>> WaitForAsync(int count) =>
            await PollAsync(() => Task.FromResult(_runs.Count >= count ? Runs : null));
    }

    internal sealed class RecordRun(TimerRecorder recorder, TimeProvider clock) : ITimerFunction
    {
        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
        {
            recorder.Add(new TimerRun(timer, clock.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    internal sealed class RecordThenFail(TimerRecorder recorder, TimeProvider clock) : ITimerFunction
    {
        public Task RunAsync(TimerInfo timer, CancellationToken cancellationToken)
        {
            recorder.Add(new TimerRun(timer, clock.GetUtcNow()));
            throw new InvalidOperationException("Deliberate failure.");
        }
    }
}

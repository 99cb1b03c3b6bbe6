// The local runtime's timer trigger, run as the Functions host runs it: one loop per timer function, under the
// host's singleton blob lease, with the host's schedule-status blob so that a run missed while no instance was
// running fires once, as past due, when an instance takes the timer.
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace MotCua.Hosting;

internal sealed class TimerScheduler(FunctionRegistry functions, FunctionInvoker invoker, BlobServiceClient blobs, IConfiguration configuration,
    IOptions<LocalRuntimeOptions> options, TimeProvider clock, ILogger<TimerScheduler> logger) : BackgroundService
{
    public const string HostsContainer = "azure-webjobs-hosts";

    /// <summary>How often an instance without a timer's lock tries to take it, so a dead holder's timers move soon after its lease ends.</summary>
    private static readonly TimeSpan LockRetry = TimeSpan.FromSeconds(2);

    /// <summary>Task.Delay takes at most about 49 days; a far occurrence is waited for in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly List<ScheduledTimer> _timers = [];
    private TimeSpan _lease;

    private sealed record ScheduledTimer(TimerFunction Function, TimerSchedule Schedule, BlobClient LockBlob, BlobClient StatusBlob);

    /// <summary>Checks every schedule, the time zone and the lease length before the app starts, so a mistake stops it with a clear message.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.TimerLease < TimeSpan.FromSeconds(15) || settings.TimerLease > TimeSpan.FromSeconds(60))
        {
            throw new InvalidOperationException($"LocalRuntime:TimerLease must be 15 to 60 seconds (a blob lease), not {settings.TimerLease}.");
        }

        _lease = settings.TimerLease;
        var zone = TimerSchedule.FindTimeZone(configuration[TimerSchedule.TimeZoneSetting]);
        var container = blobs.GetBlobContainerClient(HostsContainer);
        var now = clock.GetUtcNow();
        foreach (var function in functions.Timers.Where(function => !configuration.IsDisabled(function.Name)))
        {
            var schedule = TimerSchedule.Parse(function.Name, function.Schedule, zone);
            _timers.Add(new ScheduledTimer(function, schedule,
                container.GetBlobClient($"locks/{settings.HostId}/{function.Name}.Listener"),
                container.GetBlobClient($"timers/{settings.HostId}/{function.Name}/status")));
            logger.LogInformation("Timer {FunctionName} follows '{Schedule}' in {TimeZone}; next occurrence {Next:O}",
                function.Name, function.Schedule, zone.Id, schedule.NextAfter(now));
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_timers.Select(timer => RunAsync(timer, stoppingToken)));

    private async Task RunAsync(ScheduledTimer timer, CancellationToken stopping)
    {
        var started = false;
        // What this instance last knew of the schedule: newer than the stored status when an outage kept a save from
        // landing, in which case re-taking the lock must not run an occurrence again that already ran here.
        ScheduleStatus? known = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var held = await AcquireAsync(timer, stopping);
                logger.LogInformation("Timer {FunctionName} runs on this instance", timer.Function.Name);
                // Like the host's listener, runOnStartup fires when this instance first takes the timer, not on every re-take.
                known = await StartScheduleAsync(timer, runOnStartup: !started && timer.Function.RunOnStartup, known, stopping);
                started = true;
                known = await FollowScheduleAsync(timer, known, held, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A background service that throws stops the whole app; a storage outage must only pause this timer.
                logger.LogWarning(ex, "Timer {FunctionName} paused after a storage error; retrying in {RetrySeconds}s",
                    timer.Function.Name, LockRetry.TotalSeconds);
                await Task.Delay(LockRetry, clock, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<TimerLock> AcquireAsync(ScheduledTimer timer, CancellationToken stopping)
    {
        while (true)
        {
            if (await TimerLock.TryAcquireAsync(timer.LockBlob, _lease, clock, logger, stopping) is { } held)
            {
                return held;
            }

            logger.LogDebug("Timer {FunctionName} is held by another instance", timer.Function.Name);
            await Task.Delay(LockRetry, clock, stopping);
        }
    }

    /// <summary>The host's start: read the stored status, then run once if an occurrence was missed, else if runOnStartup.</summary>
    private async Task<ScheduleStatus> StartScheduleAsync(ScheduledTimer timer, bool runOnStartup, ScheduleStatus? known,
        CancellationToken stopping)
    {
        var now = clock.GetUtcNow();
        ScheduleStatus status;
        var stored = await ReadStatusAsync(timer, stopping);
        var latest = known is not null && (stored is null || known.LastUpdated > stored.LastUpdated) ? known : stored;
        if (latest is not null)
        {
            status = WithScheduleChange(timer.Schedule, latest);
        }
        else
        {
            // Recorded at once, so a first occurrence missed while no instance runs is still caught as past due.
            status = new ScheduleStatus(default, timer.Schedule.NextAfter(now), now);
            await SaveStatusAsync(timer, status);
        }

        if (now > status.Next)
        {
            // Once, however many occurrences were missed.
            logger.LogInformation("Timer {FunctionName} is past due (due {Due:O}); running it now", timer.Function.Name, status.Next);
            return await FireAsync(timer, status, now, isPastDue: true, stopping);
        }

        return runOnStartup ? await FireAsync(timer, status, now, isPastDue: false, stopping) : status;
    }

    /// <summary>As the host does, a schedule changed to run sooner than the stored next occurrence takes effect at once.</summary>
    private static ScheduleStatus WithScheduleChange(TimerSchedule schedule, ScheduleStatus stored)
    {
        var from = stored.Last != default ? stored.Last : stored.LastUpdated;
        return from != default && schedule.NextAfter(from) is var expected && expected < stored.Next ? stored with { Next = expected } : stored;
    }

    /// <summary>Fires each occurrence while the lock is held; returns the last status when the lock is lost, throws when the app stops.</summary>
    private async Task<ScheduleStatus> FollowScheduleAsync(ScheduledTimer timer, ScheduleStatus status, TimerLock held, CancellationToken stopping)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping, held.Lost);
        while (await WaitUntilAsync(status.Next, running.Token) && held.IsHeld)
        {
            status = await FireAsync(timer, status, status.Next, isPastDue: false, stopping);
        }

        stopping.ThrowIfCancellationRequested();
        logger.LogWarning("Timer {FunctionName} lost its lock; another instance may run it now", timer.Function.Name);
        return status;
    }

    private async Task<bool> WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        for (var left = due - clock.GetUtcNow(); left > TimeSpan.Zero && !cancellationToken.IsCancellationRequested; left = due - clock.GetUtcNow())
        {
            await Task.Delay(left < LongestWait ? left : LongestWait, clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return !cancellationToken.IsCancellationRequested;
    }

    /// <returns>The status after the run: the occurrence as Last and the next one after it (after now, if the run overran).</returns>
    private async Task<ScheduleStatus> FireAsync(ScheduledTimer timer, ScheduleStatus status, DateTimeOffset occurrence, bool isPastDue,
        CancellationToken stopping)
    {
        try
        {
            await invoker.InvokeTimerAsync(timer.Function, new TimerInfo(status, isPastDue), stopping);
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            // FunctionInvoker has logged the failure; as in the host, the schedule goes on. A run cut short by
            // shutdown is not recorded, so the next start runs it again as past due.
        }

        var now = clock.GetUtcNow();
        var next = new ScheduleStatus(occurrence, timer.Schedule.NextAfter(occurrence > now ? occurrence : now), now);
        await SaveStatusAsync(timer, next);
        return next;
    }

    private async Task<ScheduleStatus?> ReadStatusAsync(ScheduledTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return (await timer.StatusBlob.DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The schedule status of timer {FunctionName} is unreadable; starting it afresh", timer.Function.Name);
            return null;
        }
    }

    private async Task SaveStatusAsync(ScheduledTimer timer, ScheduleStatus status)
    {
        try
        {
            // Not cancelled by shutdown: a run that happened must be recorded, or the next start would repeat it as past due.
            await timer.StatusBlob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
        }
        catch (Exception ex)
        {
            // The schedule goes on from memory; at worst another instance repeats this run as past due.
            logger.LogWarning(ex, "Could not record the schedule status of timer {FunctionName}", timer.Function.Name);
        }
    }
}

using System.Globalization;
using System.Net;
using MotCua.TestWorker;
using MotCua.Tests.DevHost;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Reliability;

/// <summary>Issue 7, item 7: storage stopped and restarted (with its data on disk) while the app runs.</summary>
[Collection(ReliabilitySuite.Name)]
public sealed class AzuriteRestartTests(Azurite azurite, ITestOutputHelper output) : IClassFixture<Azurite>
{
    /// <summary>The most any request may take, outage or not: an answer, not a hang.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Requests_during_a_storage_outage_get_a_prompt_503_and_every_accepted_dossier_is_forwarded_after_it()
    {
        await using var agency = await TestAgency.StartAsync();
        // A short grace: a dossier whose enqueue the outage cut off is then swept up at the next minute, not two minutes later.
        // Four citizens from one address submit throughout: budgets for a crowd.
        await using var app = await AppProcess.StartAsync(azurite,
            Portal.FastSettings(FunctionApp.ManyClients(new Dictionary<string, string?> { ["Outbox:Grace"] = "00:00:05" })));
        await Portal.RegisterAsync(app.Client, agency, "evn-hanoi");
        await using var load = CitizenLoad.Start([app.Client], concurrency: 4);
        await Poll.UntilAsync(() => load.Accepted.Count >= 20, TimeSpan.FromSeconds(30), () => app.Output);

        await azurite.StopAsync();
        var down = load.Elapsed;
        await Poll.UntilAsync(() => load.Answers.Count(a => a.StartedAt > down) >= 12, TimeSpan.FromSeconds(60),
            () => $"requests during the outage did not come back\n{app.Output}");
        var up = load.Elapsed;
        await azurite.StartAsync();
        var restarted = load.Elapsed;
        await Poll.UntilAsync(() => load.Answers.Count(a => a.StartedAt > restarted && a.Status == 201) >= 20, TimeSpan.FromSeconds(60),
            () => $"submissions did not succeed again after the restart\n{app.Output}");
        await load.StopAsync();
        load.Report(output);

        var answers = load.Answers;
        Assert.All(answers, a => Assert.True(a.Status is not null && a.Duration < Prompt, $"{a}\n{app.Output}"));
        Assert.All(answers, a => Assert.True(a.Status is 200 or 201 or 503, $"{a}\n{app.Output}"));
        Assert.All(answers.Where(a => a.Status == 503), a =>
        {
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.NotNull(a.RetryAfter);
        });
        var duringOutage = answers.Where(a => a.StartedAt > down && a.EndedAt < up).ToList();
        Assert.NotEmpty(duringOutage);
        Assert.All(duringOutage, a => Assert.Equal(503, a.Status));
        using var health = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // Accepted before, during (a request that outlasted the outage) and after it.
        var figures = await DeliveryAudit.AssertForwardedAsync(azurite, agency, [.. load.Accepted.Select(d => d.Id)], TimeSpan.FromSeconds(100),
            () => app.Output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Storage down for {(up - down).TotalSeconds:F1} s: {duringOutage.Count} requests answered 503 within it, the slowest in {duringOutage.Max(a => a.Duration).TotalMilliseconds:F0} ms"));
        figures.Report(output);
        // Why the check may wait for the next minute: a dossier whose enqueue the outage cut off waits for the sweep.
        foreach (var swept in app.Output.Split('\n').Where(line => line.Contains("OutboxSweep re-enqueued", StringComparison.Ordinal)))
        {
            output.WriteLine(swept.Trim());
        }
    }

    [Fact]
    public async Task A_devhost_stopped_after_storage_went_away_stops_cleanly_leaving_its_timer_locks_to_expire()
    {
        // Ctrl+C in run.sh stops Azurite and the DevHost together: its timers hold singleton locks it can no longer release.
        var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["TickSchedule"] = "*/2 * * * * *",
            ["AzureFunctionsWebHost:hostid"] = TimerBlobs.NewHostId("stop"),
        });
        await Poll.UntilAsync(() => app.Probe.TimerRunsOf(nameof(Tick)).Count >= 1, TimeSpan.FromSeconds(10), () => "the timer never fired");
        await azurite.StopAsync();
        try
        {
            await app.DisposeAsync();
        }
        finally
        {
            await azurite.StartAsync();
        }
    }

    [Theory]
    // A short outage, and one longer than the WebJobs singleton's 15 s listener lease: the lock may be lost and taken back,
    // and the timer must not run an occurrence again.
    [InlineData(3)]
    [InlineData(17)]
    public async Task A_timer_keeps_its_schedule_through_a_storage_outage_and_runs_no_occurrence_twice(int outageSeconds)
    {
        // Every two seconds: a run late by up to almost two seconds still names its occurrence.
        var period = TimeSpan.FromSeconds(2);
        var started = TimeProvider.System.GetUtcNow();
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["TickSchedule"] = "*/2 * * * * *",
            ["AzureFunctionsWebHost:hostid"] = TimerBlobs.NewHostId("test"),
        });
        IReadOnlyList<TimerRun> Ticks() => app.Probe.TimerRunsOf(nameof(Tick));
        await Poll.UntilAsync(() => Ticks().Count >= 2, TimeSpan.FromSeconds(10), () => "the timer never fired");

        await azurite.StopAsync();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(outageSeconds));
        }
        finally
        {
            await azurite.StartAsync();
        }

        var restarted = TimeProvider.System.GetUtcNow();
        await Poll.UntilAsync(() => Ticks().Count(run => run.At > restarted) >= 3, TimeSpan.FromSeconds(60),
            () => $"the timer fired {Ticks().Count(run => run.At > restarted)} times since storage came back");
        Assert.True(Probe.AtMostOncePerOccurrence(Ticks(), period, started), $"An occurrence ran twice: {app.Probe.Describe(nameof(Tick))}");
        using var answer = await app.Client.GetAsync(new Uri("/api/test/open", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
    }
}

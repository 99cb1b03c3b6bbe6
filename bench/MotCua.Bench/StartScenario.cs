// Issue 7, item 4: process start to the first 200 from /api/health (AppProcess.StartupTime) of the published app,
// with and without ReadyToRun; and the peak working set of one app process after 10,000 submissions.
using System.Globalization;
using MotCua.Tests.Infrastructure;

namespace MotCua.Bench;

internal static class StartScenario
{
    private const int Concurrency = 32;

    public static Task ColdStartAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        var starts = options.Size(5, 2);
        Console.WriteLine($"  {starts} starts of each build against a running Azurite, after one unmeasured start");
        foreach (var (label, executable, headline) in new[] { ("ReadyToRun", options.App, true), ("without ReadyToRun", options.JitApp, false) })
        {
            if (!File.Exists(executable))
            {
                Console.WriteLine($"  {label}: {executable} not published, skipped");
                continue;
            }

            var (times, listening) = (new List<double>(), new List<double>());
            for (var i = 0; i <= starts; i++)
            {
                await using var app = await AppProcess.StartAsync(azurite, worker: executable);
                if (i > 0)
                {
                    times.Add(app.StartupTime.TotalMilliseconds);
                    listening.Add(await ListeningAfterAsync(app));
                }
            }

            times.Sort();
            listening.Sort();
            var median = times[times.Count / 2];
            var value = $"median {Format.Number(median, "F0")} ms (min {Format.Number(times[0], "F0")}, max {Format.Number(times[^1], "F0")})";
            Console.WriteLine($"  {label,-20} {value}: {string.Join(", ", times.Select(t => Format.Number(t, "F0")))}");
            var split = $"{Format.Number(listening[listening.Count / 2], "F0")} + {Format.Number(median - listening[listening.Count / 2], "F0")} ms";
            Console.WriteLine($"  {label,-20} median start → host ready + ready → first 200: {split}");
            if (headline)
            {
                results.Target($"start → first 200 from /api/health, {label}", value, "< 1 s", median < 1000);
            }
            else
            {
                results.Info($"start → first 200 from /api/health, {label}", value);
            }

            results.Info($"of which start → host ready (worker loaded, HTTP listening) + ready → first 200, {label}", split);
        }
    });

    /// <summary>Milliseconds from the process's start (as the kernel records it) to the DevHost's "Functions host listening on" line.</summary>
    /// <remarks>That line comes once the worker has loaded its functions and the DevHost's HTTP listens; its log lines start with HH:mm:ss.fff.</remarks>
    private static async Task<double> ListeningAfterAsync(AppProcess app)
    {
        var started = TimeOnly.FromDateTime(app.Process!.StartTime);
        // The console logger writes in the background: give the line a moment to reach us.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var line = app.Output.Split('\n').FirstOrDefault(line => line.Contains("Functions host listening on", StringComparison.Ordinal));
            if (line is not null && TimeOnly.TryParseExact(line.AsSpan(0, Math.Min(12, line.Length)), "HH:mm:ss.fff",
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var listening))
            {
                return (listening - started).TotalMilliseconds;
            }

            await Task.Delay(20);
        }

        throw new BenchException("The DevHost never logged \"Functions host listening on\"");
    }

    /// <remarks>
    /// Forwarding is off, as in the submission benchmark, so the run takes minutes rather than many; the drain benchmark
    /// prints the app's peak after forwarding its backlog.
    /// </remarks>
    public static Task MemoryAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        var count = options.Size(10_000, 500);
        await using var app = await TheApp.StartAsync(azurite, options, forwarding: false);
        Console.WriteLine($"  {count} submissions at concurrency {Concurrency} to one app process");
        var (_, started) = TheApp.Memory(app);
        var phase = await Load.ClosedAsync("submit", count, Concurrency, _ => Portal.SubmitAsync(app.Client));
        Console.WriteLine($"  {phase}");
        var (peak, current) = TheApp.Memory(app);
        Console.WriteLine($"  resident after start {Format.Number(started)} MB, peak (VmHWM) {Format.Number(peak)} MB, now (VmRSS) {Format.Number(current)} MB");
        results.Target($"peak working set (VmHWM) after {count} submissions", $"{Format.Number(peak)} MB", "< 200 MB", peak < 200);
        results.Info("resident after start / at the end (VmRSS)", $"{Format.Number(started)} / {Format.Number(current)} MB");
        results.Failures(Side.Of(phase));
    });
}

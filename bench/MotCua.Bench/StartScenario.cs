// Issue 7, item 4: process start to the first 200 from /api/health (AppProcess.StartupTime) of the published app,
// with and without ReadyToRun; and the peak working set of one app process after 10,000 submissions.
using MotCua.Tests.Infrastructure;

namespace MotCua.Bench;

internal static class StartScenario
{
    private const int Concurrency = 32;

    public static Task ColdStartAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        var starts = options.Size(5, 3);
        Console.WriteLine($"  {starts} starts of each build against a running Azurite, after one unmeasured start");
        foreach (var (label, executable, headline) in new[] { ("ReadyToRun", options.App, true), ("without ReadyToRun", options.JitApp, false) })
        {
            if (!File.Exists(executable))
            {
                Console.WriteLine($"  {label}: {executable} not published, skipped");
                continue;
            }

            var times = new List<double>();
            for (var i = 0; i <= starts; i++)
            {
                await using var app = await AppProcess.StartAsync(azurite, executable: executable);
                if (i > 0)
                {
                    times.Add(app.StartupTime.TotalMilliseconds);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var value = $"median {Format.Number(median, "F0")} ms (min {Format.Number(times[0], "F0")}, max {Format.Number(times[^1], "F0")})";
            Console.WriteLine($"  {label,-20} {value}: {string.Join(", ", times.Select(t => Format.Number(t, "F0")))}");
            if (headline)
            {
                results.Target($"start → first 200 from /api/health, {label}", value, "< 1 s", median < 1000);
            }
            else
            {
                results.Info($"start → first 200 from /api/health, {label}", value);
            }
        }
    });

    public static Task MemoryAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        var count = options.Size(10_000, 1_000);
        await using var agency = await BenchAgency.StartAsync();
        await using var app = await TheApp.StartAsync(azurite, options);
        await Portal.RegisterAsync(app.Client, agency);
        Console.WriteLine($"  {count} submissions at concurrency {Concurrency} to one app process, forwarded to the agency");
        var (_, started) = TheApp.Memory(app);
        var phase = await Load.ClosedAsync("submit", count, Concurrency, _ => Portal.SubmitAsync(app.Client));
        Console.WriteLine($"  {phase}");
        await agency.WaitForAsync(count, TimeSpan.FromMinutes(3));
        var (peak, current) = TheApp.Memory(app);
        Console.WriteLine($"  resident after start {Format.Number(started)} MB, peak (VmHWM) {Format.Number(peak)} MB, now (VmRSS) {Format.Number(current)} MB");
        results.Target($"peak working set (VmHWM) after {count} submissions, all forwarded", $"{Format.Number(peak)} MB", "< 200 MB", peak < 200);
        results.Info("resident after start / at the end (VmRSS)", $"{Format.Number(started)} / {Format.Number(current)} MB");
        results.Failures(Side.Of(phase));
    });
}

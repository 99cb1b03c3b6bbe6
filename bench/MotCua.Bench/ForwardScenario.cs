// Issue 7, item 3 (latency): dossiers submitted at a steady 20 a second; for each, the time from its 201 to the agency
// receiving its webhook, both on this process's Stopwatch.
using System.Diagnostics;

namespace MotCua.Bench;

internal static class ForwardScenario
{
    private const double PerSecond = 20;

    public static Task RunAsync(BenchOptions options, ScenarioResults results) => Emulator.WithAsync(async azurite =>
    {
        await using var agency = await BenchAgency.StartAsync();
        await using var app = await TheApp.StartAsync(azurite, options);
        await Portal.RegisterAsync(app.Client, agency);
        var (warmUp, count) = ((int)PerSecond * options.Size(3, 1), (int)PerSecond * options.Size(30, 3));
        Console.WriteLine($"  {PerSecond}/s for {count / PerSecond} s after {warmUp / PerSecond} s to warm up");
        await Load.OpenAsync(warmUp, PerSecond, _ => Portal.SubmitAsync(app.Client));
        await agency.WaitForAsync(warmUp, TimeSpan.FromSeconds(30));

        var submitted = new (string Id, long CreatedAt, double SubmitMs)[count];
        await Load.OpenAsync(count, PerSecond, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            var receipt = await Portal.SubmitAsync(app.Client);
            var created = Stopwatch.GetTimestamp();
            submitted[i] = (receipt.Id, created, Stopwatch.GetElapsedTime(started, created).TotalMilliseconds);
        });
        await agency.WaitForAsync(warmUp + count, TimeSpan.FromSeconds(60));

        var latency = Percentiles.Of(submitted.Select(s => Stopwatch.GetElapsedTime(s.CreatedAt, agency.ArrivalOf(s.Id)!.Value).TotalMilliseconds).ToArray());
        var submit = Percentiles.Of(submitted.Select(s => s.SubmitMs).ToArray());
        Console.WriteLine($"  201 → agency  {latency}\n  submission    {submit}");
        results.Target($"201 → agency at 20/s, {Format.LatencyName}", Format.Latency(latency), "p50 < 300 ms", latency.P50 < 300);
        results.Info($"submission at 20/s, {Format.LatencyName}", Format.Latency(submit));
        results.Refusals(agency);
    });
}

// What every scenario shares: the run's options, a private Azurite, the published app as its own process, and the
// alternation of app and baseline rounds.
using System.Globalization;
using MotCua.Tests.Infrastructure;

namespace MotCua.Bench;

/// <param name="App">The published worker (MotCua.dll) that the DevHost runs in every scenario (ReadyToRun).</param>
/// <param name="JitApp">The same app published without ReadyToRun, for the cold-start comparison.</param>
internal sealed record BenchOptions(bool Quick, string App, string JitApp)
{
    public int Size(int full, int quick) => Quick ? quick : full;
}

internal static class Emulator
{
    /// <summary>Runs <paramref name="scenario"/> against an Azurite of its own, deleted afterwards.</summary>
    public static Task WithAsync(Func<Azurite, Task> scenario) => WithAsync(async azurite =>
    {
        await scenario(azurite);
        return true;
    });

    public static async Task<T> WithAsync<T>(Func<Azurite, Task<T>> scenario)
    {
        var azurite = new Azurite();
        await azurite.InitializeAsync();
        try
        {
            return await scenario(azurite);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}

internal static class TheApp
{
    /// <summary>The host's setting that turns a function off, honoured by the DevHost as by Azure.</summary>
    private const string ForwardingDisabled = "AzureWebJobs.ForwardDossier.Disabled";

    /// <summary>The published app, with budgets for the crowd of clients the load plays from this one address.</summary>
    public static Task<AppProcess> StartAsync(Azurite azurite, BenchOptions options, bool forwarding = true) =>
        AppProcess.StartAsync(azurite, FunctionApp.ManyClients(forwarding ? null : new Dictionary<string, string?> { [ForwardingDisabled] = "true" }), options.App);

    /// <summary>Peak and current resident memory of the worker process (VmHWM and VmRSS), in MB.</summary>
    public static (double PeakMb, double CurrentMb) Memory(AppProcess app)
    {
        using var worker = app.Worker;
        var status = File.ReadAllLines($"/proc/{worker.Id}/status");
        double Mb(string field) => long.Parse(
            status.Single(line => line.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture) / 1024.0;
        return (Mb("VmHWM"), Mb("VmRSS"));
    }
}

internal static class Rounds
{
    /// <summary>
    /// Runs each side, then each again in reverse order (A B B A): a drift over the run, such as the emulator slowing as
    /// its tables grow, then weighs on every side alike.
    /// </summary>
    public static Task RunAsync(params (Side Side, Func<Task<Phase>> Run)[] sides) => InOrderAsync(sides.Concat(sides.Reverse()));

    /// <summary>Runs each side once, in order: for rounds that each start from the same fresh state, where nothing drifts.</summary>
    public static Task RunOnceAsync(params (Side Side, Func<Task<Phase>> Run)[] sides) => InOrderAsync(sides);

    private static async Task InOrderAsync(IEnumerable<(Side Side, Func<Task<Phase>> Run)> order)
    {
        foreach (var (side, run) in order)
        {
            var phase = await run();
            Console.WriteLine($"  {phase}");
            side.Add(phase);
        }
    }
}

internal static class Format
{
    /// <summary>Why a latency target at a fixed concurrency follows from throughput (Little's law), when the baseline misses it too.</summary>
    public static string ClosedLoopNote(string what, int concurrency, double targetMs, Side baseline) => string.Create(CultureInfo.InvariantCulture,
        $"with {concurrency} requests always in flight, mean latency is {concurrency} / throughput, so a p99 under {targetMs:F0} ms needs well " +
        $"over {concurrency * 1000 / targetMs:F0} {what}/s; the baseline making the same storage calls directly reaches {baseline.PerSecond:F0}/s " +
        $"with p99 {baseline.Latency.P99:F0} ms, so the target is out of reach of anything calling this Azurite on these cores.");

    public static string Number(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Latency(Percentiles p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.P50:F1} / {p.P90:F1} / {p.P99:F1} / {p.Max:F1} ms");

    public const string LatencyName = "p50 / p90 / p99 / max";
}

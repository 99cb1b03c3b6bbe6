// The benchmark program of issue 7: each scenario against its own Azurite and the published app as its own process.
// Run it with scripts/bench.sh [scenario…] [--quick]; it prints figures as it goes and a summary at the end, also
// written to artifacts/bench/results.md.
using System.Diagnostics;
using MotCua.Bench;
using MotCua.Tests.Infrastructure;

var scenarios = new (string Name, string Label, Func<BenchOptions, ScenarioResults, Task> Run)[]
{
    ("submit", "1 submit", SubmitScenario.RunAsync),
    ("lookup", "2 lookup", LookupScenario.RunAsync),
    ("forward", "3 forward", ForwardScenario.RunAsync),
    ("drain", "3 drain", DrainScenario.RunAsync),
    ("coldstart", "4 cold start", StartScenario.ColdStartAsync),
    ("memory", "4 memory", StartScenario.MemoryAsync),
    ("report", "5 report", ReportScenario.RunAsync),
    ("requests", "6 storage requests", RequestsScenario.RunAsync),
};

var quick = args.Contains("--quick");
var onDisk = args.Contains("--disk");
var chosen = args.Where(a => a is not ("--quick" or "--disk")).ToList();
if (chosen.Except(scenarios.Select(s => s.Name)).ToList() is { Count: > 0 } unknown)
{
    Console.Error.WriteLine($"Unknown scenario {string.Join(", ", unknown)}; choose from {string.Join(" ", scenarios.Select(s => s.Name))} [--quick] [--disk].");
    return 2;
}

var published = Path.Combine(RepoRoot.Path, "artifacts", "bench-app");
var options = new BenchOptions(quick, Path.Combine(published, "r2r", "MotCua.dll"), Path.Combine(published, "jit", "MotCua.dll"));
if (!File.Exists(options.App))
{
    Console.Error.WriteLine($"{options.App} is missing: scripts/bench.sh publishes it before running the benchmark.");
    return 2;
}

// Azurite writes each queue message and blob to its data folder with an fdatasync, one at a time (its queue store runs with
// concurrency 1), so on this machine's disk a queue takes a few dozen sends a second: a limit of the emulator, not of
// Azure Storage, and one that would hide everything else. Azurite's folder (and the app's scratch folder) are therefore
// put on memory-backed /dev/shm, where that fsync costs nothing; --disk keeps them on disk to show the difference.
var storageFolder = onDisk || !Directory.Exists("/dev/shm") ? "disk" : "tmpfs (/dev/shm)";
if (!onDisk && Directory.Exists("/dev/shm"))
{
    Environment.SetEnvironmentVariable("TMPDIR", Directory.CreateDirectory("/dev/shm/motcua-bench").FullName);
}

var results = new Results();
var run = Stopwatch.StartNew();
foreach (var (_, label, scenario) in scenarios.Where(s => chosen.Count == 0 || chosen.Contains(s.Name)))
{
    Console.WriteLine($"== {label}");
    var started = Stopwatch.StartNew();
    var loadBefore = LoadAverage();
    var scoped = results.For(label);
    try
    {
        await scenario(options, scoped);
    }
    catch (Exception ex) when (ex is BenchException or HttpRequestException or Azure.RequestFailedException or InvalidOperationException or TimeoutException
                                  or OperationCanceledException)
    {
        // One broken scenario should not cost the figures of the others; it is a miss in the summary.
        Console.WriteLine($"  FAILED: {ex}");
        scoped.Target("scenario", $"failed: {ex.Message.Split('\n')[0]}", "runs", met: false);
    }

    // Other work on the machine takes cores from Azurite, the app and the baselines alike; say how much there was.
    scoped.Info("machine load (1-minute average) before / after", $"{loadBefore} / {LoadAverage()}");
    Console.WriteLine($"  ({started.Elapsed.TotalSeconds:F0} s)\n");
}

var heading = $"Benchmark results ({(quick ? "quick run, reduced sizes" : "full run")}, {Environment.ProcessorCount} cores, Azurite data on {storageFolder}, " +
              $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {run.Elapsed.TotalMinutes:F1} min)";
Console.WriteLine(heading);
Console.WriteLine(results.Table());
var output = Path.Combine(RepoRoot.Path, "artifacts", "bench", "results.md");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, results.Markdown($"### {heading}"));
Console.WriteLine($"Written to {output}");
return results.AnyMiss ? 1 : 0;

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

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
};

var quick = args.Contains("--quick");
var chosen = args.Where(a => a != "--quick").ToList();
if (chosen.Except(scenarios.Select(s => s.Name)).ToList() is { Count: > 0 } unknown)
{
    Console.Error.WriteLine($"Unknown scenario {string.Join(", ", unknown)}; choose from {string.Join(" ", scenarios.Select(s => s.Name))} [--quick].");
    return 2;
}

var published = Path.Combine(RepoRoot.Path, "artifacts", "bench-app");
var options = new BenchOptions(quick, Path.Combine(published, "r2r", "MotCua"), Path.Combine(published, "jit", "MotCua"));
if (!File.Exists(options.App))
{
    Console.Error.WriteLine($"{options.App} is missing: scripts/bench.sh publishes it before running the benchmark.");
    return 2;
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
    catch (Exception ex) when (ex is BenchException or HttpRequestException or Azure.RequestFailedException or InvalidOperationException or TimeoutException)
    {
        // One broken scenario should not cost the figures of the others; it is a miss in the summary.
        Console.WriteLine($"  FAILED: {ex}");
        scoped.Target("scenario", $"failed: {ex.Message.Split('\n')[0]}", "runs", met: false);
    }

    // Other work on the machine takes cores from Azurite, the app and the baselines alike; say how much there was.
    scoped.Info("machine load (1-minute average) before / after", $"{loadBefore} / {LoadAverage()}");
    Console.WriteLine($"  ({started.Elapsed.TotalSeconds:F0} s)\n");
}

var heading = $"Benchmark results ({(quick ? "quick run, reduced sizes" : "full run")}, {Environment.ProcessorCount} cores, " +
              $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {run.Elapsed.TotalMinutes:F1} min)";
Console.WriteLine(heading);
Console.WriteLine(results.Table());
var output = Path.Combine(RepoRoot.Path, "artifacts", "bench", "results.md");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, results.Markdown($"### {heading}"));
Console.WriteLine($"Written to {output}");
return results.AnyMiss ? 1 : 0;

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

// What one load phase measured (per-request Stopwatch timings), and the percentiles printed from them.
using System.Globalization;

namespace MotCua.Bench;

internal sealed record Phase(string Name, int Count, TimeSpan Elapsed, double[] LatenciesMs, int Errors)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public Percentiles Latency => Percentiles.Of(LatenciesMs);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-14} {Count,6} in {Elapsed.TotalSeconds,6:F2} s = {PerSecond,8:F1}/s{(LatenciesMs.Length > 0 ? $"  {Latency}" : "")}{(Errors > 0 ? $"  ERRORS {Errors}" : "")}");
}

internal readonly record struct Percentiles(double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return new(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = samples.Order().ToArray();
        // Nearest rank: the smallest sample at or above the given share of all samples.
        double At(double share) => sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Length) - 1)];
        return new(At(0.50), At(0.90), At(0.99), sorted[^1]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50:F1}  p90 {P90:F1}  p99 {P99:F1}  max {Max:F1} ms");
}

/// <summary>The phases of one side (app or a baseline) across the alternated rounds of a scenario.</summary>
internal sealed class Side(string name)
{
    private readonly List<Phase> _phases = [];

    public string Name { get; } = name;

    public static Side Of(Phase phase)
    {
        var side = new Side(phase.Name);
        side.Add(phase);
        return side;
    }

    public void Add(Phase phase) => _phases.Add(phase);

    /// <summary>The mean of the rounds' throughputs.</summary>
    public double PerSecond => _phases.Average(p => p.PerSecond);

    /// <summary>Percentiles over every request of every round.</summary>
    public Percentiles Latency => Percentiles.Of(_phases.SelectMany(p => p.LatenciesMs).ToArray());

    public int Errors => _phases.Sum(p => p.Errors);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-14} mean {PerSecond,8:F1}/s over {_phases.Count} rounds{(_phases.Exists(p => p.LatenciesMs.Length > 0) ? $"  {Latency}" : "")}{(Errors > 0 ? $"  ERRORS {Errors}" : "")}");
}

// Every figure of the run with its target and verdict, and notes on reading them: printed as a table at the end and
// written as markdown.
using System.Globalization;
using System.Text;

namespace MotCua.Bench;

internal enum Verdict
{
    Info,
    Pass,
    Miss,
}

internal sealed record Figure(string Scenario, string Name, string Value, string Target, Verdict Verdict);

internal sealed class Results
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public bool AnyMiss => _figures.Exists(f => f.Verdict == Verdict.Miss);

    /// <summary>Where one scenario records its figures, under its label.</summary>
    public ScenarioResults For(string scenario) => new(this, scenario);

    public void Add(Figure figure) => _figures.Add(figure);

    public void Note(string note) => _notes.Add(note);

    public string Markdown(string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(heading).AppendLine();
        text.AppendLine("| Scenario | Figure | Value | Target | Result |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var f in _figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Scenario} | {f.Name} | {f.Value} | {f.Target} | {Label(f.Verdict)} |");
        }

        text.AppendLine();
        foreach (var note in _notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        return text.ToString();
    }

    public string Table()
    {
        string[] header = ["Scenario", "Figure", "Value", "Target", "Result"];
        var rows = _figures.Select(f => new[] { f.Scenario, f.Name, f.Value, f.Target, Label(f.Verdict) }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            if (index == 0)
            {
                text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }

        text.AppendLine();
        foreach (var note in _notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"* {note}");
        }

        return text.ToString();
    }

    private static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "PASS",
        Verdict.Miss => "MISS",
        _ => "",
    };
}

internal sealed class ScenarioResults(Results results, string scenario)
{
    public string Scenario { get; } = scenario;

    public void Info(string name, string value) => results.Add(new(Scenario, name, value, "", Verdict.Info));

    public void Target(string name, string value, string target, bool met) =>
        results.Add(new(Scenario, name, value, target, met ? Verdict.Pass : Verdict.Miss));

    /// <summary>A side whose requests failed did not do the work its figures claim: always a miss.</summary>
    public void Failures(params Side[] sides)
    {
        foreach (var side in sides.Where(s => s.Errors > 0))
        {
            Target($"{side.Name} failed requests", $"{side.Errors}", "0", met: false);
        }
    }

    /// <summary>A webhook the agency refused had a signature that did not verify: always a miss.</summary>
    public void Refusals(BenchAgency agency)
    {
        if (agency.Refused > 0)
        {
            Target("webhooks refused by the agency (bad signature)", $"{agency.Refused}", "0", met: false);
        }
    }

    public void Note(string note) => results.Note($"{Scenario}: {note}");
}

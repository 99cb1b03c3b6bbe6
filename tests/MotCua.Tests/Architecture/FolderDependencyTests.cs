// Dependencies between the folders of functions/ point one way (ARCHITECTURE.md): features use Webhooks, Storage, Vietnam
// and Hosting, which use no feature, and no two folders use each other, however indirectly. A folder's files use another
// folder by its namespace (MotCua.<Folder>), through a using directive (the build refuses an unused one, IDE0005) or a
// qualified name; this reads them from the source and prints the graph.
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Architecture;

public sealed partial class FolderDependencyTests(ITestOutputHelper output)
{
    /// <summary>What every feature may use; none of them may use a feature.</summary>
    private static readonly string[] Shared = ["Hosting", "Storage", "Vietnam", "Webhooks"];

    private static readonly string Functions = Path.Combine(RepoRoot.Path, "functions");

    [Fact]
    public void Every_file_of_a_folder_is_in_that_folders_namespace()
    {
        var misplaced = SourceFiles()
            .Where(file => Namespace().Match(File.ReadAllText(file.Path)) is not { Success: true } match || match.Groups[1].Value != file.Folder)
            .Select(file => Path.GetRelativePath(Functions, file.Path))
            .ToList();
        Assert.Empty(misplaced);
    }

    [Fact]
    public void Shared_folders_use_no_feature_and_no_folders_use_each_other()
    {
        var graph = Graph();
        foreach (var (folder, uses) in graph.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{folder,-13} → {string.Join(", ", uses.Order(StringComparer.Ordinal))}");
        }

        var sharedUsingFeatures = Shared.Where(graph.ContainsKey)
            .SelectMany(shared => graph[shared].Where(used => !Shared.Contains(used)).Select(feature => $"{shared} uses {feature}"))
            .ToList();
        Assert.Empty(sharedUsingFeatures);
        Assert.Empty(Cycles(graph));
    }

    [Fact]
    public void A_cycle_is_found_however_long()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A", "D"], ["D"] = [],
        };
        Assert.Equal(["A → B → C → A"], Cycles(graph));
        graph["C"].Remove("A");
        Assert.Empty(Cycles(graph));
    }

    /// <summary>Each folder of functions/ and the other folders its files use (the root's Program.cs, which wires them all, aside).</summary>
    private static Dictionary<string, HashSet<string>> Graph()
    {
        var folders = Directory.GetDirectories(Functions).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, folder) in SourceFiles())
        {
            var uses = graph.TryGetValue(folder, out var found) ? found : graph[folder] = [];
            foreach (Match match in Reference().Matches(File.ReadAllText(path)))
            {
                var used = match.Groups[1].Value;
                if (used != folder && folders.Contains(used))
                {
                    uses.Add(used);
                }
            }
        }

        return graph;
    }

    /// <summary>Every cycle as its path from the alphabetically first folder on it, once.</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var cycles = new HashSet<string>(StringComparer.Ordinal);
        void Walk(List<string> path)
        {
            foreach (var next in graph.GetValueOrDefault(path[^1], []).Order(StringComparer.Ordinal))
            {
                if (next == path[0])
                {
                    cycles.Add(string.Join(" → ", path.Append(next)));
                }
                else if (!path.Contains(next) && string.CompareOrdinal(next, path[0]) > 0)
                {
                    Walk([.. path, next]);
                }
            }
        }

        foreach (var start in graph.Keys)
        {
            Walk([start]);
        }

        return [.. cycles.Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<(string Path, string Folder)> SourceFiles() =>
        Directory.GetDirectories(Functions)
            .Where(folder => Path.GetFileName(folder) is not ("bin" or "obj"))
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Select(path => (path, Path.GetFileName(folder))));

    [GeneratedRegex(@"^namespace MotCua\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    /// <summary>A using directive of, or a name qualified by, the namespace of a folder: <c>using MotCua.Storage;</c>, <c>MotCua.Storage.Counters</c>.</summary>
    [GeneratedRegex(@"\bMotCua\.(\w+)\b")]
    private static partial Regex Reference();
}

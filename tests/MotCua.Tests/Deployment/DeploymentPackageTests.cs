// The deployment package as Azure receives it: scripts/publish.sh (the one documented command) run into a temporary
// folder, and its zip opened. The Functions host reads host.json, functions.metadata, worker.config.json and
// extensions.json from the root of the package; a file one folder down is a file the host never sees.
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Deployment;

[Collection(DeploymentSuite.Name)]
public sealed class DeploymentPackageTests(PublishedPackage package)
{
    [Fact]
    public void The_package_is_a_zip_with_the_worker_and_its_metadata_at_its_root()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);

        var names = zip.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(StringComparer.Ordinal) { "functions.metadata", "worker.config.json", "extensions.json", "host.json", "MotCua.dll" }, names);
        Assert.All(names, name => Assert.DoesNotContain('\\', name));
    }

    [Fact]
    public void Host_json_in_the_package_is_the_repository_s_without_a_custom_handler()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);

        var hostJson = Json(zip, "host.json").AsObject();
        Assert.False(hostJson.ContainsKey("customHandler"));
        Assert.Equal("2.0", (string?)hostJson["version"]);
        var repositoryHostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "host.json")))!;
        Assert.True(JsonNode.DeepEquals(repositoryHostJson, hostJson));
    }

    [Fact]
    public void Functions_metadata_lists_the_functions_of_the_isolated_worker()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);

        var functions = Json(zip, "functions.metadata").AsArray().Select(function => function!).ToList();
        var names = functions.Select(function => (string?)function["name"]).ToList();
        Assert.Contains("SubmitDossier", names);
        Assert.Contains("ForwardDossier", names);
        Assert.All(functions, function =>
        {
            Assert.Equal("dotnet-isolated", (string?)function["language"]);
            Assert.Equal("MotCua.dll", (string?)function["scriptFile"]);
        });
    }

    [Fact]
    public void Worker_config_starts_MotCua_dll_as_a_dotnet_isolated_worker()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);

        var description = Json(zip, "worker.config.json")["description"]!;
        Assert.Equal("dotnet-isolated", (string?)description["language"]);
        Assert.Equal("MotCua.dll", (string?)description["defaultWorkerPath"]);
    }

    [Fact]
    public void Every_binding_extension_the_host_loads_is_inside_the_package()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);

        var hintPaths = Json(zip, "extensions.json")["extensions"]!.AsArray()
            .Select(extension => (string)extension!["hintPath"]!)
            .ToList();
        Assert.NotEmpty(hintPaths);
        Assert.All(hintPaths, hintPath => Assert.NotNull(zip.GetEntry(hintPath.StartsWith("./", StringComparison.Ordinal) ? hintPath[2..] : hintPath)));
    }

    private static JsonNode Json(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is not at the root of the package.");
        using var stream = entry.Open();
        return JsonNode.Parse(stream)!;
    }
}

/// <summary>
/// Not run beside other collections: publishing keeps both cores busy for most of a minute, and the timing tests of
/// the other collections would feel it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeploymentSuite : ICollectionFixture<PublishedPackage>
{
    public const string Name = "Deployment";
}

/// <summary>The package scripts/publish.sh makes, published once into a temporary folder.</summary>
public sealed class PublishedPackage : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string _folder = Directory.CreateTempSubdirectory("motcua-publish-").FullName;

    public PublishedPackage()
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepoRoot.Path, "scripts", "publish.sh"), _folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/publish.sh did not finish in {Timeout}:\n{output.Result}\n{errors.Result}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/publish.sh exited with {process.ExitCode}:\n{output.Result}\n{errors.Result}");
        }

        ZipPath = Path.Combine(_folder, "motcua.zip");
    }

    public string ZipPath { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

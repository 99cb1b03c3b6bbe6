using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

// The package is built here from what publish puts in its folder (FunctionMetadata.Write and an executable),
// not from a real self-contained publish, which would add a minute to every run for the same zip code.
// Unix permissions are the point: the package is made and run on Linux (docs/decisions/0001-custom-handler.md).
[UnsupportedOSPlatform("windows")]
public sealed class DeploymentPackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("motcua-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void Package_holds_the_executable_at_its_root_host_json_with_the_custom_handler_and_a_function_json_per_function()
    {
        var zipPath = Package();

        using var zip = ZipFile.OpenRead(zipPath);
        var executable = zip.GetEntry(FunctionMetadata.ExecutableName);
        Assert.NotNull(executable);
        Assert.True(((UnixFileMode)(executable.ExternalAttributes >> 16)).HasFlag(UnixFileMode.UserExecute));

        using (var hostJson = zip.GetEntry("host.json")!.Open())
        {
            var customHandler = JsonNode.Parse(hostJson)!["customHandler"]!;
            Assert.Equal(FunctionMetadata.ExecutableName, (string?)customHandler["description"]!["defaultExecutablePath"]);
            Assert.True((bool)customHandler["enableForwardingHttpRequest"]!);
        }

        var functionFolders = zip.Entries
            .Where(entry => entry.FullName.EndsWith("/function.json", StringComparison.Ordinal))
            .Select(entry => entry.FullName[..entry.FullName.IndexOf('/', StringComparison.Ordinal)])
            .Order(StringComparer.Ordinal);
        Assert.Equal(Program.Functions().Functions.Select(function => function.Name).Order(StringComparer.Ordinal), functionFolders);
        Assert.All(zip.Entries, entry => Assert.DoesNotContain('\\', entry.FullName));
    }

    [Fact]
    public void Unpacked_package_keeps_the_executable_runnable_and_other_files_not()
    {
        var zipPath = Package();
        var unpacked = Path.Combine(_work, "unpacked");

        ZipFile.ExtractToDirectory(zipPath, unpacked);

        Assert.True(File.GetUnixFileMode(Path.Combine(unpacked, FunctionMetadata.ExecutableName)).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(unpacked, "MotCua.dll")).HasFlag(UnixFileMode.UserExecute));
    }

    private string Package()
    {
        var publish = Path.Combine(_work, "publish");
        FunctionMetadata.Write(Program.Functions(), RepoRoot.Path, publish);
        var executable = Path.Combine(publish, FunctionMetadata.ExecutableName);
        File.WriteAllText(executable, "#!/bin/sh\n");
        File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var library = Path.Combine(publish, "MotCua.dll");
        File.WriteAllBytes(library, [0x4d, 0x5a]);
        File.SetUnixFileMode(library, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var zipPath = Path.Combine(_work, "motcua.zip");
        DeploymentPackage.Create(publish, zipPath);
        return zipPath;
    }
}

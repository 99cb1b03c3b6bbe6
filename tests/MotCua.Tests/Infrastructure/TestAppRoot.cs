// An app root of a test's own: the repository's host.json and web/, and no developer local.settings.json leaking in.
namespace MotCua.Tests.Infrastructure;

public sealed class TestAppRoot : IDisposable
{
    public TestAppRoot()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"motcua-app-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        File.Copy(System.IO.Path.Combine(RepoRoot.Path, "host.json"), System.IO.Path.Combine(Path, "host.json"));
        Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, "web"), System.IO.Path.Combine(RepoRoot.Path, "web"));
    }

    public string Path { get; }

    /// <summary>The build configuration of the tests, which is the one the worker and the DevHost were built in beside them.</summary>
    public static string Configuration { get; } =
        typeof(TestAppRoot).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    /// <summary>The built portal worker, functions/bin/{configuration}/net10.0/MotCua.dll, as the DevHost starts it.</summary>
    public static string PortalWorker { get; } = BuildOutput("functions", "MotCua.dll");

    /// <summary>The built DevHost, as a developer runs it with dotnet run.</summary>
    public static string DevHost { get; } = BuildOutput("devhost", "MotCua.DevHost.dll");

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string BuildOutput(string project, string file) =>
        System.IO.Path.Combine(RepoRoot.Path, project, "bin", Configuration, "net10.0", file);
}

// The app as its own operating-system process (the built MotCua executable), so a test can kill -9 it, restart it,
// run two of it on one Azurite, or measure its start and its memory. FunctionApp runs it in process instead.
using System.Collections.Concurrent;
using System.Diagnostics;

namespace MotCua.Tests.Infrastructure;

public sealed class AppProcess : IAsyncDisposable
{
    private const int OutputLines = 400;

    private readonly string _executable;
    private readonly string _appRoot;
    private readonly Dictionary<string, string?> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private AppProcess(string executable, string appRoot, Dictionary<string, string?> environment, int port)
    {
        _executable = executable;
        _appRoot = appRoot;
        _environment = environment;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>From starting the process to its first 200 from <c>/api/health</c>, for the last start.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The running process (working set, id); null while stopped.</summary>
    public Process? Process => _process;

    /// <summary>The last lines the app wrote, for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the built app against <paramref name="azurite"/> with the test keys and <paramref name="settings"/>
    /// (configuration keys, ':' or '__'), and waits until <c>/api/health</c> answers 200.
    /// </summary>
    /// <param name="executable">The MotCua executable to run; the one built beside this test assembly by default.</param>
    public static async Task<AppProcess> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null, string? executable = null)
    {
        // An app root of its own: the repository's host.json, and no developer local.settings.json leaking in.
        var appRoot = Path.Combine(Path.GetTempPath(), $"motcua-app-{Guid.NewGuid():N}");
        Directory.CreateDirectory(appRoot);
        File.Copy(Path.Combine(RepoRoot.Path, "host.json"), Path.Combine(appRoot, "host.json"));
        var port = Azurite.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FunctionKeys__Default"] = FunctionApp.FunctionKey,
            ["FunctionKeys__Admin"] = FunctionApp.AdminKey,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new AppProcess(executable ?? Path.Combine(AppContext.BaseDirectory, "MotCua"), appRoot, environment, port);
        await app.StartAsync();
        return app;
    }

    /// <summary>Starts the process (again, on the same port and settings) and waits for its first healthy answer.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = _appRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var started = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_executable} did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The app did not become healthy on {BaseAddress}:\n{Output}");
            }

            try
            {
                using var health = await probe.GetAsync("/api/health");
                if (health.IsSuccessStatusCode)
                {
                    StartupTime = started.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(10);
        }
    }

    /// <summary>kill -9: no shutdown, no flushing, handlers cut off wherever they are.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        Directory.Delete(_appRoot, recursive: true);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLines && _output.TryDequeue(out _))
        {
        }
    }
}

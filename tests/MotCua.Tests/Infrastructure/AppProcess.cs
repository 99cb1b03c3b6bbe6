// The portal as a developer runs it, as operating-system processes: the built DevHost (dotnet MotCua.DevHost.dll) and the
// worker it starts, so a test can kill -9 either, restart them, run two DevHosts on one Azurite, or measure their start and
// the worker's memory. FunctionApp runs the DevHost in the test process instead.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MotCua.Tests.Infrastructure;

public sealed partial class AppProcess : IAsyncDisposable
{
    private const int OutputLines = 400;

    private readonly TestAppRoot _appRoot;
    private readonly Dictionary<string, string?> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private AppProcess(TestAppRoot appRoot, Dictionary<string, string?> environment, int port)
    {
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

    /// <summary>The running DevHost process; null while stopped.</summary>
    public Process? Process => _process;

    /// <summary>The worker the DevHost started last (it says so in its log), for its memory or a kill -9 of the worker alone.</summary>
    public Process Worker => _output.Reverse().Select(line => WorkerStarted().Match(line)).FirstOrDefault(match => match.Success) is { } started
        ? Process.GetProcessById(int.Parse(started.Groups[1].Value, CultureInfo.InvariantCulture))
        : throw new InvalidOperationException($"The DevHost never said it started a worker:\n{Output}");

    /// <summary>The last lines the app wrote, for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the built DevHost, which starts the worker, against <paramref name="azurite"/> with the test keys and
    /// <paramref name="settings"/> (configuration keys, ':' or '__') as environment variables, and waits until
    /// <c>/api/health</c> answers 200.
    /// </summary>
    /// <param name="worker">The worker's MotCua.dll; the one built beside the tests by default (the benchmark passes a published one).</param>
    public static async Task<AppProcess> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null, string? worker = null)
    {
        var port = Azurite.FreePort();
        var appRoot = new TestAppRoot();
        var environment = new Dictionary<string, string?>
        {
            ["DevHost__AppRoot"] = appRoot.Path,
            ["DOTNET_NOLOGO"] = "1",
            // The worker's start and its death, which tests of a kill -9 read.
            ["Logging__LogLevel__MotCua.DevHost"] = "Information",
        };
        var values = FunctionApp.TestSettings(azurite, settings, new Uri($"http://127.0.0.1:{port}"));
        if (worker is not null)
        {
            values["DevHost:WorkerPath"] = worker;
        }

        foreach (var (key, value) in values)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var app = new AppProcess(appRoot, environment, port);
        await app.StartAsync();
        return app;
    }

    /// <summary>Starts the process (again, on the same port and settings) and waits for its first healthy answer.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [TestAppRoot.DevHost, "--urls", BaseAddress.ToString()])
        {
            WorkingDirectory = _appRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var started = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException("The DevHost did not start.");
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

    /// <summary>kill -9 of the DevHost and its worker: no shutdown, no flushing, handlers cut off wherever they are.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>kill -9 of the worker alone, which the DevHost notices and restarts.</summary>
    public async Task KillWorkerAsync()
    {
        using var worker = Worker;
        worker.Kill();
        await worker.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _appRoot.Dispose();
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

    [GeneratedRegex(@"Worker started \(pid (\d+)\)")]
    private static partial Regex WorkerStarted();
}

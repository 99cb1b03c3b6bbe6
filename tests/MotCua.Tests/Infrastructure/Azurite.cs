// A private Azurite for a test class, or for one test (StartNewAsync): free ports, a temporary data folder, stopped and
// deleted afterwards.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MotCua.Tests.Infrastructure;

public sealed class Azurite : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"motcua-azurite-{Guid.NewGuid():N}");

    /// <summary>
    /// Keep everything in memory (<c>--inMemoryPersistence</c>) instead of on disk, where Azurite syncs every queue
    /// message to the disk one at a time: for measuring the app rather than the machine's disk. A restart loses the data.
    /// </summary>
    public bool InMemory { get; init; }

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>A storage account on ports nothing listens on: storage that is down.</summary>
    public static string UnreachableConnectionString() =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{FreePort()}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{FreePort()}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{FreePort()}/devstoreaccount1;";

    /// <summary>
    /// An emulator of one test's own, running: for a test that asserts what the whole account holds (counters, reports, a
    /// snapshot of everything), which the other tests of its class would change. <c>await using</c> stops and deletes it.
    /// </summary>
    public static async Task<Azurite> StartNewAsync()
    {
        var azurite = new Azurite();
        try
        {
            await azurite.InitializeAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        for (var attempt = 1; ; attempt++)
        {
            (BlobPort, QueuePort, TablePort) = (FreePort(), FreePort(), FreePort());
            try
            {
                await StartAsync();
                return;
            }
            // A free port is free only until someone takes it: another class's emulator can bind it between our probe and
            // this one's start, which then exits at once. Fresh ports settle it.
            catch (InvalidOperationException) when (attempt < 3 && _process is { HasExited: true })
            {
                await StopAsync();
            }
        }
    }

    /// <summary>Starts (or restarts, on the same ports and data) the emulator and waits until all three services answer.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "node_modules", ".bin", "azurite"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--location", _folder,
                     "--blobPort", $"{BlobPort}", "--queuePort", $"{QueuePort}", "--tablePort", $"{TablePort}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (InMemory)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (!await AcceptsAsync(port))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not open port {port} (run `npm ci` at the repository root).");
                }

                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// Stops the emulator as a service is stopped (SIGTERM), keeping its data folder for a restart. Azurite writes its
    /// tables and queues to disk every 5 s and on a shutdown, so a kill would lose what it acknowledged just before.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(patience.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await KillAsync();
    }

    public async Task DisposeAsync()
    {
        // Its data goes with it: no need to let it save.
        await KillAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying child; the temp folder is cleaned by the OS.
        }
    }

    private async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MotCua.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MotCua.sln not found above the test folder.");
    }
}

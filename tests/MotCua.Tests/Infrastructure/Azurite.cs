// A private Azurite for a test class: free ports, a temporary data folder, stopped and deleted afterwards.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MotCua.Tests.Infrastructure;

public sealed class Azurite : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? _process;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"motcua-azurite-{Guid.NewGuid():N}");

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

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        (BlobPort, QueuePort, TablePort) = (FreePort(), FreePort(), FreePort());
        await StartAsync();
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

    /// <summary>Stops the emulator, keeping its data folder for a restart.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying child; the temp folder is cleaned by the OS.
        }
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

// The Functions host on a developer machine: the worker started and driven over gRPC, its HTTP functions served and
// forwarded, its queue and timer functions run by the WebJobs SDK. One DevHost per app; several may run in one process.
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MotCua.DevHost.Http;
using MotCua.DevHost.Settings;
using MotCua.DevHost.Triggers;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost;

public sealed class DevHost : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _started;
    private readonly WorkerSupervisor _worker;
    private int _stopped;

    private DevHost(Stack<IAsyncDisposable> started, WorkerSupervisor worker, Uri baseAddress)
    {
        _started = started;
        _worker = worker;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the HTTP functions, web/ and the admin API are served.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The current worker's process id; it changes when the worker is restarted.</summary>
    public int? WorkerProcessId => _worker.ProcessId;

    /// <summary>Returns once the worker has loaded its functions, the triggers listen and HTTP answers.</summary>
    public static async Task<DevHost> StartAsync(DevHostOptions options, CancellationToken cancellationToken = default)
    {
        var settings = HostSettings.Build(options.AppRoot, options.Settings);
        var loggers = LoggerFactory.Create(logging => logging
            // The forwarder logs every request, gRPC every worker that goes away; host.json's levels come after and may say otherwise.
            .AddFilter("Yarp", LogLevel.Warning)
            .AddFilter("Grpc", LogLevel.Warning)
            .AddConfiguration(settings.GetSection("Logging"))
            .AddSimpleConsole(console => (console.SingleLine, console.TimestampFormat) = (true, "HH:mm:ss.fff ")));
        var started = new Stack<IAsyncDisposable>();
        started.Push(new DisposeLast(loggers));
        try
        {
            var streams = new WorkerStreams(new WorkerLog(loggers), loggers.CreateLogger<WorkerStreams>());
            var (rpcServer, rpcAddress) = await WorkerRpcServer.StartAsync(streams, cancellationToken);
            started.Push(new StopHost(rpcServer));
            var worker = StartWorker(options, settings, streams, rpcAddress, loggers);
            started.Push(worker);
            await worker.StartAsync(cancellationToken);

            var enabled = worker.Functions.Where(f => !settings.IsDisabled(f.Name)).ToList();
            started.Push(new StopHost(await WebJobsTriggers.StartAsync(enabled, worker, settings, loggers, cancellationToken)));

            var http = HttpFrontEnd.Build(options, settings, worker, enabled, loggers);
            await http.StartAsync(cancellationToken);
            started.Push(new StopHost(http));
            var baseAddress = new Uri(http.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            loggers.CreateLogger<DevHost>().LogInformation("Functions host listening on {BaseAddress} with {Count} functions", baseAddress, enabled.Count);
            return new DevHost(started, worker, baseAddress);
        }
        catch
        {
            await StopAllAsync(started);
            throw;
        }
    }

    /// <summary>Stops HTTP, the triggers and then the worker.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await StopAllAsync(_started);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static WorkerSupervisor StartWorker(DevHostOptions options, IConfiguration settings, WorkerStreams streams, Uri rpcAddress,
        ILoggerFactory loggers)
    {
        var workerAssembly = WorkerStart.WorkerAssembly(options.AppRoot, settings);
        if (options.Worker is null && !File.Exists(workerAssembly))
        {
            throw new FileNotFoundException(
                $"No built worker at {workerAssembly}: build functions/ in the DevHost's configuration, or set {WorkerStart.WorkerPathSetting}.",
                workerAssembly);
        }

        var environment = HostSettings.WorkerEnvironment(options.AppRoot, options.Settings);
        var applicationDirectory = Path.GetDirectoryName(workerAssembly)!;
        return new WorkerSupervisor(options.Worker ?? new ChildProcessLauncher(workerAssembly, loggers), streams,
            workerId => WorkerStart.Info(workerId, rpcAddress, applicationDirectory, environment), loggers.CreateLogger<WorkerSupervisor>());
    }

    private static async Task StopAllAsync(Stack<IAsyncDisposable> started)
    {
        while (started.TryPop(out var part))
        {
            await part.DisposeAsync();
        }
    }

    /// <summary>Stops a host gracefully (open requests finish) before disposing it.</summary>
    private sealed class StopHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private sealed class DisposeLast(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

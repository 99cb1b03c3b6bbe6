// The default worker: the built functions/ app run with `dotnet`, as the Functions host starts it.
using System.Diagnostics;

namespace MotCua.DevHost.Worker;

internal sealed class ChildProcessLauncher(string workerAssembly, ILoggerFactory loggers) : IWorkerLauncher
{
    public Task<IWorkerProcess> StartAsync(WorkerStartInfo start, CancellationToken cancellationToken)
    {
        // The dotnet that runs us (set by the SDK and test hosts), else the one on PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = start.ApplicationDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(workerAssembly);
        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (key, value) in start.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start dotnet {workerAssembly}.");
        return Task.FromResult<IWorkerProcess>(new ChildWorkerProcess(process, loggers.CreateLogger("MotCua.DevHost.Worker.Process")));
    }
}

// A worker child process: its console lines go to our log, its exit is logged with its code, and a watchdog ends it if the
// DevHost itself dies without stopping it (SIGKILL), since the worker keeps running when its gRPC stream ends.
using System.Diagnostics;

namespace MotCua.DevHost.Worker;

internal sealed class ChildWorkerProcess : IWorkerProcess
{
    private readonly Process _process;
    private readonly Process? _watchdog;

    public ChildWorkerProcess(Process process, ILogger logger)
    {
        _process = process;
        ProcessId = process.Id;
        _watchdog = StartWatchdog(process.Id);
        process.OutputDataReceived += (_, line) => LogLine(logger, LogLevel.Information, line.Data);
        process.ErrorDataReceived += (_, line) => LogLine(logger, LogLevel.Error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Exited = WaitForExitAsync(logger);
    }

    public Task Exited { get; }

    public int? ProcessId { get; }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            _process.Kill(entireProcessTree: true);
        }

        await Exited;
        _watchdog?.Kill();
        _watchdog?.Dispose();
        _process.Dispose();
    }

    private async Task WaitForExitAsync(ILogger logger)
    {
        await _process.WaitForExitAsync();
        logger.LogInformation("Worker (pid {Pid}) exited with code {ExitCode}", ProcessId, _process.ExitCode);
    }

    private static void LogLine(ILogger logger, LogLevel level, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            logger.Log(level, "{Line}", line);
        }
    }

    /// <summary>
    /// A shell that waits on a pipe only we hold open and kills the worker when it reads end of file: the kernel closes the
    /// pipe whenever this process ends, however it ends. Disposing the worker first kills the watchdog.
    /// </summary>
    private static Process? StartWatchdog(int workerPid)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"read _; kill -9 {workerPid} 2>/dev/null");
        return Process.Start(info);
    }
}

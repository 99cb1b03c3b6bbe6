// Keeps one worker running: starts it, restarts it (a new worker id, the same handshake) whenever it goes away, and runs
// invocations on whichever worker is current. Invocations in flight when a worker dies fail; new ones wait for the next.
namespace MotCua.DevHost.Worker;

internal sealed class WorkerSupervisor(IWorkerLauncher launcher, WorkerStreams streams, Func<string, WorkerStartInfo> startInfo,
    ILogger<WorkerSupervisor> logger) : IFunctionInvoker, IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource<WorkerSession> _current = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _supervising = Task.CompletedTask;

    /// <summary>The functions the first worker reported; a restarted worker loads the same ones.</summary>
    public IReadOnlyList<WorkerFunction> Functions { get; private set; } = [];

    public int? ProcessId => _current.Task.IsCompletedSuccessfully ? _current.Task.Result.Process.ProcessId : null;

    /// <summary>Starts the first worker; completes once it has loaded its functions.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var session = await WorkerSession.StartAsync(launcher, streams, startInfo, logger, cancellationToken);
        Functions = session.Functions;
        _current.SetResult(session);
        _supervising = SuperviseAsync(session);
    }

    /// <summary>The running worker, waiting (bounded) while one restarts.</summary>
    /// <exception cref="FunctionInvocationException">No worker came up in time.</exception>
    public async Task<WorkerSession> CurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _current.Task.WaitAsync(ReadyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new FunctionInvocationException($"No worker has been running for {ReadyTimeout.TotalSeconds:0} s.");
        }
    }

    public async Task InvokeAsync(WorkerFunction function, object trigger, IReadOnlyDictionary<string, object> triggerMetadata,
        CancellationToken cancellationToken)
    {
        var session = await CurrentAsync(cancellationToken);
        await session.InvokeAsync(function, trigger, triggerMetadata, Guid.NewGuid().ToString(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _supervising;
        if (_current.Task.IsCompletedSuccessfully)
        {
            await _current.Task.Result.DisposeAsync();
        }

        _current.TrySetCanceled();
        _stopping.Dispose();
    }

    private async Task SuperviseAsync(WorkerSession session)
    {
        while (true)
        {
            await session.Ended.WaitAsync(_stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _current = new(TaskCreationOptions.RunContinuationsAsynchronously);
            logger.LogWarning("Worker (pid {Pid}) went away; restarting it", session.Process.ProcessId);
            await session.DisposeAsync();
            if (await RestartAsync() is not { } restarted)
            {
                return;
            }

            session = restarted;
            _current.SetResult(session);
        }
    }

    /// <summary>Starts workers until one loads, or the host stops (null).</summary>
    private async Task<WorkerSession?> RestartAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                return await WorkerSession.StartAsync(launcher, streams, startInfo, logger, _stopping.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The worker did not restart; trying again");
                await Task.Delay(RetryDelay, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }
}

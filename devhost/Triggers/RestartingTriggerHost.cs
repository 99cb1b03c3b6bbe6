// The triggers' WebJobs host, started again when a listener fails. A queue listener that cannot reach storage (an outage,
// Azurite restarting) throws out of its polling loop; the SDK's default handler rethrows that on a new thread, which
// ends the process. The Functions host instead logs it and restarts its job host, and so does the DevHost.
using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace MotCua.DevHost.Triggers;

internal sealed class RestartingTriggerHost(Func<IWebJobsExceptionHandlerFactory, IHost> build, ILogger logger) : IHost
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IHost? _current;

    public IServiceProvider Services => _current?.Services ?? throw new InvalidOperationException("The triggers are not started.");

    /// <summary>
    /// Starts the triggers; when storage cannot be reached they keep trying in the background, as the Functions host does,
    /// so the DevHost still serves HTTP (a health check answering 503, say).
    /// </summary>
    public async Task StartOrRetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _ = Task.Run(() => RestartAsync(ExceptionDispatchInfo.Capture(ex)), CancellationToken.None);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var host = build(new Handler(this));
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _current = host;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is not null)
            {
                await _current.StopAsync(cancellationToken);
            }
        }
        // Storage gone first (Ctrl+C in run.sh stops Azurite with everything else): the timers' locks cannot be released, and
        // expire on their own, as when a DevHost is killed. Stopping goes on; nothing else is lost.
        catch (Exception ex) when (ex is AggregateException or Azure.RequestFailedException or HttpRequestException)
        {
            logger.LogWarning("The triggers stopped without releasing their locks, which expire on their own ({Reason})", ex.GetBaseException().Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        try
        {
            _current?.Dispose();
        }
        // After a stop that could not release the locks, the SDK's singleton listeners are half stopped and their Dispose tries
        // again ("The timer has already been stopped."): nothing is left to release.
        catch (InvalidOperationException ex)
        {
            logger.LogWarning("The triggers were disposed without releasing their locks ({Reason})", ex.Message);
        }

        _stopping.Dispose();
        _gate.Dispose();
    }

    private async Task RestartAsync(ExceptionDispatchInfo failure)
    {
        logger.LogError(failure.SourceException, "The triggers failed; starting them again");
        if (!await TryEnterAsync())
        {
            return;
        }

        try
        {
            await StopCurrentAsync();
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(RetryDelay, _stopping.Token);
                    await StartAsync(_stopping.Token);
                    logger.LogInformation("The triggers listen again");
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning("The triggers could not start again ({Reason}); retrying", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The DevHost is stopping.
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One restart at a time; a failure reported while one runs, or while stopping, needs no other.</summary>
    private async Task<bool> TryEnterAsync() => !_stopping.IsCancellationRequested && await _gate.WaitAsync(0);

    private async Task StopCurrentAsync()
    {
        var current = _current;
        _current = null;
        if (current is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await current.StopAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning("The failed triggers did not stop cleanly ({Reason})", ex.Message);
        }
        finally
        {
            current.Dispose();
        }
    }

    private sealed class Handler(RestartingTriggerHost owner) : IWebJobsExceptionHandlerFactory, IWebJobsExceptionHandler
    {
        public IWebJobsExceptionHandler Create(IHost jobHost) => this;

        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
            owner.RestartAsync(exceptionInfo);

        // Not awaited by the SDK's timers: the restart stops the very listener that reported the failure.
        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
        {
            _ = Task.Run(() => owner.RestartAsync(exceptionInfo));
            return Task.CompletedTask;
        }
    }
}

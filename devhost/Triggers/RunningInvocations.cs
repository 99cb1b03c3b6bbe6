namespace MotCua.DevHost.Triggers;

/// <summary>
/// Makes stopping the WebJobs host wait for the invocations still running. The queue listener waits for its own, but
/// Extensions 3.0.6's timer listener only cancels its run's token and returns. Registered before the WebJobs host's
/// service, so it stops after the listeners have stopped and no new invocation can start.
/// </summary>
internal sealed class RunningInvocations : IHostedService
{
    private readonly HashSet<Task> _running = [];

    public async Task TrackAsync(Task invocation)
    {
        lock (_running)
        {
            _running.Add(invocation);
        }

        try
        {
            await invocation;
        }
        finally
        {
            lock (_running)
            {
                _running.Remove(invocation);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits until the running invocations end (their tokens are cancelled already), or the stop is cut short.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        // Their failures are the WebJobs functions' failures, logged there.
        await Task.WhenAll(running).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

namespace MotCua.Hosting;

/// <summary>Runs one queue or timer invocation in its own DI scope, logging as the host does.</summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    public Task InvokeQueueAsync(QueueFunction function, string messageText, QueueMessageInfo info, CancellationToken cancellationToken) =>
        RunAsync(function.Name, $"New queue message detected on '{function.QueueName}'",
            services => function.Invoke(services, messageText, info, cancellationToken));

    public Task InvokeTimerAsync(TimerFunction function, TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(function.Name, timer.IsPastDue ? "Timer fired (past due)" : "Timer fired",
            services => function.Invoke(services, timer, cancellationToken));

    private async Task RunAsync(string name, string reason, Func<IServiceProvider, Task> body)
    {
        var invocationId = Guid.NewGuid();
        logger.LogInformation("Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})", name, reason, invocationId);
        var started = TimeProvider.System.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await body(scope.ServiceProvider);
        }
        catch (Exception ex)
        {
            var failedAfter = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
            logger.LogError(ex, "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms)",
                name, invocationId, failedAfter);
            throw;
        }

        var duration = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        logger.LogInformation("Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)",
            name, invocationId, duration);
    }
}

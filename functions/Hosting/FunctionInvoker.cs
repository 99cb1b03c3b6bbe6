using System.Diagnostics;

namespace MotCua.Hosting;

/// <summary>Runs one queue or timer invocation in its own DI scope, logging as the host does, in its own span.</summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    public Task InvokeQueueAsync(QueueFunction function, string messageText, QueueMessageInfo info, CancellationToken cancellationToken) =>
        RunAsync(function.Name, "pubsub", $"New queue message detected on '{function.QueueName}'",
            services => function.Invoke(services, messageText, info, cancellationToken));

    public Task InvokeTimerAsync(TimerFunction function, TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync(function.Name, "timer", timer.IsPastDue ? "Timer fired (past due)" : "Timer fired",
            services => function.Invoke(services, timer, cancellationToken));

    private async Task RunAsync(string name, string trigger, string reason, Func<IServiceProvider, Task> body)
    {
        var invocationId = Guid.NewGuid();
        // OpenTelemetry's FaaS conventions: the span a webhook or storage call made by the function nests under.
        using var activity = Telemetry.Source.StartActivity(name, ActivityKind.Consumer);
        activity?.SetTag("faas.trigger", trigger);
        activity?.SetTag("faas.invocation_id", invocationId);
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
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Record(name, "failed", failedAfter);
            logger.LogError(ex, "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms)",
                name, invocationId, failedAfter);
            throw;
        }

        var duration = TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;
        Record(name, "succeeded", duration);
        logger.LogInformation("Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)",
            name, invocationId, duration);
    }

    private static void Record(string name, string outcome, double durationMs) =>
        Telemetry.InvocationDuration.Record(durationMs,
            new KeyValuePair<string, object?>("faas.name", name), new KeyValuePair<string, object?>("outcome", outcome));
}

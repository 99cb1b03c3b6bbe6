using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Triggers;

/// <summary>
/// Turns a WebJobs trigger into a worker invocation, with the trigger value and metadata the Functions host sends.
/// A <see cref="FunctionInvocationException"/> is left to fail the WebJobs function, so the queue extension retries the
/// message and moves it to poison, and the timer logs it and keeps its schedule.
/// </summary>
internal sealed class TriggerDispatcher(IReadOnlyList<WorkerFunction> functions, IFunctionInvoker invoker, TimeZoneInfo timeZone,
    RunningInvocations running)
{
    private readonly Dictionary<string, WorkerFunction> _functions = functions.ToDictionary(function => function.Name);

    public Task RunQueueFunctionAsync(string functionName, QueueMessage message, CancellationToken cancellationToken) =>
        running.TrackAsync(invoker.InvokeAsync(_functions[functionName], QueueTriggerInput.Value(message),
            QueueTriggerInput.Metadata(message), cancellationToken));

    public Task RunTimerFunctionAsync(string functionName, TimerInfo timer, CancellationToken cancellationToken) =>
        running.TrackAsync(invoker.InvokeAsync(_functions[functionName], TimerTriggerInput.Value(timer, timeZone),
            TimerTriggerInput.Metadata(timeZone), cancellationToken));
}

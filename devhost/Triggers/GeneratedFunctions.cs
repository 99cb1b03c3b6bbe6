using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace MotCua.DevHost.Triggers;

/// <summary>
/// The base of the <c>Host.Functions</c> type emitted for each DevHost (see <see cref="GeneratedFunctionsType"/>): every
/// emitted WebJobs function is one call to a method here. Public because the emitted type lives in a dynamic assembly;
/// its methods protected internal, so the WebJobs SDK indexes only the emitted ones; instance methods, so that each of
/// several DevHosts in one process reaches its own worker.
/// </summary>
public abstract class GeneratedFunctions
{
    /// <summary>Set once, right after the emitted type is instantiated, before the WebJobs host starts.</summary>
    internal TriggerDispatcher Dispatcher { get; set; } = null!;

    protected internal Task RunQueueFunctionAsync(string functionName, QueueMessage message, CancellationToken cancellationToken) =>
        Dispatcher.RunQueueFunctionAsync(functionName, message, cancellationToken);

    protected internal Task RunTimerFunctionAsync(string functionName, TimerInfo timer, CancellationToken cancellationToken) =>
        Dispatcher.RunTimerFunctionAsync(functionName, timer, cancellationToken);
}

// What the worker reported about its functions (FunctionMetadataResponse), and how the host's trigger
// listeners invoke them. The seam between the worker channel (gRPC) and the WebJobs triggers.
using System.Text.Json.Nodes;

namespace MotCua.DevHost.Worker;

/// <summary>One function as the worker reported it: its name, the worker's id for it, and its bindings as the worker sent them (raw JSON).</summary>
internal sealed record WorkerFunction(string Name, string FunctionId, IReadOnlyList<JsonObject> Bindings)
{
    /// <summary>The one binding whose type ends in <c>Trigger</c> (<c>httpTrigger</c>, <c>queueTrigger</c>, <c>timerTrigger</c>).</summary>
    public JsonObject Trigger => Bindings.Single(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true);

    public string TriggerType => (string)Trigger["type"]!;

    public string TriggerName => (string)Trigger["name"]!;
}

/// <summary>Runs one invocation of a worker function over gRPC; completes when the worker answers.</summary>
internal interface IFunctionInvoker
{
    /// <param name="function">The function to run.</param>
    /// <param name="trigger">
    /// The trigger binding's value, sent as the invocation's input named <see cref="WorkerFunction.TriggerName"/>: a
    /// <see cref="string"/> becomes TypedData.string, a <see cref="JsonNode"/> TypedData.json, a <see cref="byte"/>[] bytes,
    /// anything else (a <see cref="long"/>, a <see cref="DateTimeOffset"/>) TypedData.json, as the host sends numbers and dates.
    /// </param>
    /// <param name="triggerMetadata">Sent as the invocation's trigger_metadata, with the same value rules.</param>
    /// <param name="cancellationToken">Cancels the wait (and tells the worker, InvocationCancel).</param>
    /// <exception cref="FunctionInvocationException">The worker reported a failure, or the worker died during the invocation.</exception>
    Task InvokeAsync(WorkerFunction function, object trigger, IReadOnlyDictionary<string, object> triggerMetadata,
        CancellationToken cancellationToken);
}

/// <summary>The worker answered an invocation with a failure, or went away before answering.</summary>
internal sealed class FunctionInvocationException(string message) : Exception(message);

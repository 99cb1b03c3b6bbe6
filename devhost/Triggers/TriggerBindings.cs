// The queue and timer trigger bindings as the worker reports them (raw JSON from FunctionMetadataResponse), read once
// into the values the WebJobs trigger attributes take.
using System.Text.Json.Nodes;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Triggers;

internal sealed record QueueTriggerBinding(string QueueName, string? Connection)
{
    public const string Type = "queueTrigger";

    public static QueueTriggerBinding From(WorkerFunction function) =>
        new(TriggerBindings.Required(function, "queueName"), TriggerBindings.Optional(function.Trigger, "connection"));
}

internal sealed record TimerTriggerBinding(string Schedule, bool RunOnStartup, bool UseMonitor)
{
    public const string Type = "timerTrigger";

    /// <remarks>useMonitor defaults to true, as in the host's TimerTriggerAttribute.</remarks>
    public static TimerTriggerBinding From(WorkerFunction function) =>
        new(TriggerBindings.Required(function, "schedule"),
            TriggerBindings.Flag(function.Trigger, "runOnStartup") ?? false,
            TriggerBindings.Flag(function.Trigger, "useMonitor") ?? true);
}

internal static class TriggerBindings
{
    public static bool Is(WorkerFunction function, string type) =>
        string.Equals(function.TriggerType, type, StringComparison.OrdinalIgnoreCase);

    public static string Required(WorkerFunction function, string name) =>
        Optional(function.Trigger, name)
        ?? throw new InvalidOperationException($"The {function.TriggerType} binding of function '{function.Name}' has no '{name}'.");

    // The worker's metadata writes property names camelCase, but function.json written by hand may not; the host ignores case.
    public static string? Optional(JsonObject binding, string name) =>
        Find(binding, name) is { } value ? value.ToString() : null;

    /// <summary>A boolean written as JSON true/false or as a string, as the host accepts both.</summary>
    public static bool? Flag(JsonObject binding, string name) =>
        Find(binding, name) is { } value ? bool.Parse(value.ToString()) : null;

    private static JsonNode? Find(JsonObject binding, string name) =>
        binding.FirstOrDefault(property => string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

using System.Text.Json.Nodes;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Http;

/// <summary>What an httpTrigger binding says: its route (the function's name when it has none), methods (none: any) and auth level.</summary>
internal sealed record HttpTriggerBinding(string Route, IReadOnlyList<string> Methods, AuthLevel AuthLevel)
{
    public static HttpTriggerBinding? Of(WorkerFunction function)
    {
        var trigger = function.Trigger;
        if (!string.Equals(function.TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var methods = trigger["methods"] is JsonArray listed ? listed.Select(m => ((string)m!).ToUpperInvariant()).ToList() : [];
        // The attribute's default level is function, as the host's.
        var level = Enum.TryParse<AuthLevel>((string?)trigger["authLevel"], ignoreCase: true, out var parsed) ? parsed : AuthLevel.Function;
        return new HttpTriggerBinding((string?)trigger["route"] ?? function.Name, methods, level);
    }
}

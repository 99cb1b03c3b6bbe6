// What the Functions host sends the worker for a queue message: the text as the queue extension decoded it (base64 or
// not, by QueuesOptions.MessageEncoding), and the extension's binding data as trigger metadata.
using Azure.Storage.Queues.Models;

namespace MotCua.DevHost.Triggers;

internal static class QueueTriggerInput
{
    public static string Value(QueueMessage message) => message.Body.ToString();

    /// <remarks>
    /// The queue extension's binding data. The host sends the times as JSON strings; here they are ISO 8601 strings
    /// (yyyy-MM-ddTHH:mm:ss+00:00, as Json.NET writes them), and a time storage did not return is left out, as the host
    /// leaves out null binding data.
    /// </remarks>
    public static IReadOnlyDictionary<string, object> Metadata(QueueMessage message)
    {
        var metadata = new Dictionary<string, object>
        {
            ["QueueTrigger"] = Value(message),
            ["DequeueCount"] = message.DequeueCount,
            ["Id"] = message.MessageId,
            ["PopReceipt"] = message.PopReceipt,
        };
        AddTime(metadata, "InsertionTime", message.InsertedOn);
        AddTime(metadata, "ExpirationTime", message.ExpiresOn);
        AddTime(metadata, "NextVisibleTime", message.NextVisibleOn);
        return metadata;
    }

    private static void AddTime(Dictionary<string, object> metadata, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            metadata[name] = IsoTime.Format(value);
        }
    }
}

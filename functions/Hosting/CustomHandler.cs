// The endpoints the Azure Functions host calls in custom-handler mode: POST /{FunctionName} for every queue and
// timer function, with {"Data":{…},"Metadata":{…}} in and {"Outputs":{},"Logs":[],"ReturnValue":null} out.
// Any non-2xx reply fails the invocation, which is what drives the host's retries and poison queue.
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MotCua.Hosting;

internal static class CustomHandler
{
    public static void MapCustomHandlerInvocations(this WebApplication app, FunctionRegistry functions)
    {
        foreach (var queue in functions.Queues)
        {
            app.MapPost($"/{queue.Name}", (HttpContext context, FunctionInvoker invoker) =>
                InvokeAsync(context, queue.Name, ReadQueueInvocation,
                    (input, ct) => invoker.InvokeQueueAsync(queue, input.Text, input.Info, ct)));
        }

        foreach (var timer in functions.Timers)
        {
            app.MapPost($"/{timer.Name}", (HttpContext context, FunctionInvoker invoker) =>
                InvokeAsync(context, timer.Name, ReadTimerInfo, (input, ct) => invoker.InvokeTimerAsync(timer, input, ct)));
        }
    }

    /// <summary>The host's invocation result; it only reads <c>Logs</c> from a 2xx reply, but a failure carries its line too.</summary>
    private sealed record InvocationResult(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue);

    private static async Task<JsonHttpResult<InvocationResult>> InvokeAsync<TInput>(HttpContext context, string name, Func<JsonElement, TInput> read,
        Func<TInput, CancellationToken, Task> invoke)
    {
        TInput input;
        try
        {
            using var payload = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            input = read(payload.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CustomHandler).FullName!)
                .LogWarning("Rejected an invocation of 'Functions.{FunctionName}': {Reason}", name, ex.Message);
            return Reply(StatusCodes.Status400BadRequest, $"Invalid invocation payload for '{name}': {ex.Message}");
        }

        try
        {
            await invoke(input, context.RequestAborted);
        }
        catch (Exception ex)
        {
            // FunctionInvoker has logged the exception; exception messages may carry personal data, so the reply names only its type.
            return Reply(StatusCodes.Status500InternalServerError, $"Executed 'Functions.{name}' (Failed): {ex.GetType().Name}");
        }

        return Reply(StatusCodes.Status200OK);
    }

    private static JsonHttpResult<InvocationResult> Reply(int statusCode, params string[] logs) =>
        TypedResults.Json(new InvocationResult(new Dictionary<string, object?>(), logs, null), JsonSerializerOptions.Default,
            statusCode: statusCode);

    private static (string Text, QueueMessageInfo Info) ReadQueueInvocation(JsonElement payload)
    {
        var text = Text(Data(payload, FunctionMetadata.QueueBinding))!;
        var metadata = Metadata(payload);
        // A run started from the host's admin API has no message id and no dequeue count yet; a wrong value is still an error.
        var info = new QueueMessageInfo(
            Scalar(metadata, "Id") ?? "",
            Scalar(metadata, "DequeueCount") is { } count ? long.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture) : 0,
            Time(metadata, "InsertionTime"),
            Time(metadata, "ExpirationTime"),
            Time(metadata, "NextVisibleTime"));
        return (text, info);
    }

    /// <summary><c>{"Schedule":{…},"ScheduleStatus":{"Last","Next","LastUpdated"}|null,"IsPastDue":bool}</c>.</summary>
    private static TimerInfo ReadTimerInfo(JsonElement payload)
    {
        using var document = JsonDocument.Parse(Text(Data(payload, FunctionMetadata.TimerBinding))!);
        var timer = document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement
            : throw new JsonException($"Data.{FunctionMetadata.TimerBinding} is not a timer object.");
        var status = timer.TryGetProperty("ScheduleStatus", out var s) && s.ValueKind == JsonValueKind.Object
            ? new ScheduleStatus(RequiredTime(s, "Last"), RequiredTime(s, "Next"), RequiredTime(s, "LastUpdated"))
            : null;
        return new TimerInfo(status, Scalar(timer, "IsPastDue") is { } pastDue && bool.Parse(pastDue));
    }

    private static JsonElement Data(JsonElement payload, string binding) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty(binding, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new JsonException($"Data.{binding} is missing.");

    private static JsonElement? Metadata(JsonElement payload) =>
        payload.TryGetProperty("Metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? metadata : null;

    private static string? Scalar(JsonElement? parent, string name) =>
        parent is { } element && element.TryGetProperty(name, out var value) ? Text(value) : null;

    private static DateTimeOffset? Time(JsonElement? parent, string name) =>
        Scalar(parent, name) is { } text
            // Without an offset it is the host's local time, and this process runs in the host's environment.
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal)
            : null;

    private static DateTimeOffset RequiredTime(JsonElement parent, string name) =>
        Time(parent, name) ?? throw new JsonException($"ScheduleStatus.{name} is missing.");

    /// <summary>
    /// A binding value as text. The host JSON-encodes strings a second time (<c>"\"text\""</c>), so a string holding a
    /// whole JSON string literal is unwrapped once; objects and arrays arrive raw; anything else is the text itself.
    /// </summary>
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => Unwrap(value.GetString()!),
        _ => value.GetRawText(),
    };

    private static string Unwrap(string text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
        {
            return text;
        }

        try
        {
            return JsonSerializer.Deserialize<string>(text)!;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Http;

/// <summary>
/// <c>POST /admin/functions/{name}</c> with <c>{"input": "…"}</c>: runs a queue or timer function now, as the host's admin
/// API does. Unlike the host it answers 202 only once the run has finished, so scripts and tests can read its effects
/// straight away.
/// </summary>
internal sealed class AdminInvoke(IReadOnlyList<WorkerFunction> functions, IFunctionInvoker invoker, TimeProvider clock, ILogger<AdminInvoke> logger)
{
    public sealed record Request(string? Input);

    /// <summary>A failed run answers a 500 problem and is logged, as an unhandled exception was before.</summary>
    public async Task<IResult> HandleAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(name, request, cancellationToken);
        }
        catch (FunctionInvocationException ex)
        {
            logger.LogError("Admin invoke of {Function} failed: {Error}", name, ex.Message);
            return Problems.Status(StatusCodes.Status500InternalServerError, "Hệ thống gặp lỗi khi xử lý yêu cầu.");
        }
    }

    private async Task<IResult> RunAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!(await ReadInputAsync(request, cancellationToken) is (true, var input)))
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Thân yêu cầu phải là JSON dạng {\"input\": \"…\"}.");
        }

        var function = functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        switch (function?.TriggerType.ToUpperInvariant())
        {
            case "QUEUETRIGGER":
                try
                {
                    await invoker.InvokeAsync(function!, input ?? "", QueueMetadata(input ?? ""), cancellationToken);
                }
                catch (FunctionInvocationException ex) when (ex.Message.Contains("FunctionInputConverterException", StringComparison.Ordinal))
                {
                    // The worker could not read the input as the function's message type.
                    return Problems.Status(StatusCodes.Status400BadRequest, $"Dữ liệu đầu vào không phải là thông điệp hợp lệ của '{function!.Name}'.");
                }

                return TypedResults.Accepted((string?)null);
            case "TIMERTRIGGER":
                await invoker.InvokeAsync(function!, NotPastDue, new Dictionary<string, object>(), cancellationToken);
                return TypedResults.Accepted((string?)null);
            case "HTTPTRIGGER":
                return Problems.Status(StatusCodes.Status400BadRequest, $"'{name}' là hàm HTTP; hãy gọi trực tiếp đường dẫn của nó.");
            default:
                return Problems.Status(StatusCodes.Status404NotFound, $"Không có hàm '{name}'.");
        }
    }

    /// <summary>The timer trigger's value as the worker's Timer extension reads it (the host's TimerInfo as JSON).</summary>
    private static JsonObject NotPastDue => new() { ["Schedule"] = new JsonObject { ["AdjustForDST"] = true }, ["ScheduleStatus"] = null, ["IsPastDue"] = false };

    /// <summary>What the queue trigger would send for a message dequeued the first time.</summary>
    private Dictionary<string, object> QueueMetadata(string input)
    {
        var now = clock.GetUtcNow();
        return new()
        {
            ["QueueTrigger"] = input,
            ["Id"] = $"admin-{Guid.NewGuid():N}",
            ["DequeueCount"] = 1L,
            ["InsertionTime"] = now,
            ["NextVisibleTime"] = now,
            ["PopReceipt"] = "",
        };
    }

    /// <summary>An empty body means no input; anything else must be the host's JSON shape.</summary>
    private static async Task<(bool Valid, string? Input)> ReadInputAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 or null && !request.HasJsonContentType())
        {
            return (true, null);
        }

        try
        {
            return (true, (await request.ReadFromJsonAsync<Request>(JsonSerializerOptions.Web, cancellationToken))?.Input);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (false, null);
        }
    }
}

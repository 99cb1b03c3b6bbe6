using System.Text.Json;

namespace MotCua.Hosting;

/// <summary>
/// <c>POST /admin/functions/{name}</c> with <c>{"input": "…"}</c>: runs a queue or timer function now, as the
/// host's admin API does. Unlike the host it answers 202 only once the run has finished, so scripts and
/// tests can read its effects straight away.
/// </summary>
internal static class AdminInvoke
{
    public sealed record Request(string? Input);

    public static async Task<IResult> HandleAsync(string name, HttpRequest request, FunctionRegistry functions,
        FunctionInvoker invoker, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!(await ReadInputAsync(request, cancellationToken) is (true, var input)))
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Thân yêu cầu phải là JSON dạng {\"input\": \"…\"}.");
        }

        switch (functions.Find(name))
        {
            case QueueFunction queue:
                var now = clock.GetUtcNow();
                try
                {
                    await invoker.InvokeQueueAsync(queue, input ?? "", new QueueMessageInfo($"admin-{Guid.NewGuid():N}", 1, now, null, now), cancellationToken);
                }
                catch (InvalidQueueMessageException)
                {
                    return Problems.Status(StatusCodes.Status400BadRequest, $"Dữ liệu đầu vào không phải là thông điệp hợp lệ của '{queue.Name}'.");
                }

                return TypedResults.Accepted((string?)null);
            case TimerFunction timer:
                await invoker.InvokeTimerAsync(timer, new TimerInfo(null, IsPastDue: false), cancellationToken);
                return TypedResults.Accepted((string?)null);
            case HttpFunction:
                return Problems.Status(StatusCodes.Status400BadRequest, $"'{name}' là hàm HTTP; hãy gọi trực tiếp đường dẫn của nó.");
            default:
                return Problems.Status(StatusCodes.Status404NotFound, $"Không có hàm '{name}'.");
        }
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

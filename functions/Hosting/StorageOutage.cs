// An HTTP function that throws answers problem+json, as ASP.NET Core's exception handler did before the worker: storage
// that does not answer is the one failure a caller should simply retry, so it gets a 503 with Retry-After (within the
// fail-fast retry budget of StorageAccount); anything else is a 500. The worker then writes the answer as it writes any
// function's IResult.
using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace MotCua.Hosting;

internal sealed class StorageOutage(ILogger<StorageOutage> logger) : IFunctionsWorkerMiddleware
{
    /// <summary>Seconds a client is asked to wait: about how long Azurite or a storage failover takes to come back.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// Storage unreachable, timing out or failing on its side (after the SDK's own retries, which wrap the attempts
    /// in an AggregateException); not a storage answer about the request itself such as 404, 409 or 412.
    /// </summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        RequestFailedException failed => failed.Status is 0 or >= 500,
        HttpRequestException or OperationCanceledException or TimeoutException => true,
        _ => false,
    };

    /// <summary>Any failure storage can cause: an outage, or an answer refusing the request.</summary>
    public static bool IsStorageError(Exception exception) => exception is RequestFailedException || IsOutage(exception);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            context.GetInvocationResult().Value = Answer(http, ex);
        }
    }

    private ProblemHttpResult Answer(HttpContext http, Exception exception)
    {
        if (!IsOutage(exception))
        {
            logger.LogError(exception, "{Method} {Path} failed: 500", http.Request.Method, http.Request.Path);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError);
        }

        logger.LogWarning("Storage did not answer {Method} {Path}: 503 ({Error})",
            http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
        http.Response.Headers.RetryAfter = $"{RetryAfterSeconds}";
        return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kho lưu trữ tạm thời không phản hồi; vui lòng thử lại sau ít giây.");
    }
}

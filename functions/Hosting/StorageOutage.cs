// Storage that does not answer is the one failure a caller should simply retry: every HTTP function gets a 503
// problem+json with Retry-After for it, within the fail-fast retry budget of StorageAccount, instead of a 500.
using Azure;
using Microsoft.AspNetCore.Diagnostics;

namespace MotCua.Hosting;

internal sealed class StorageOutage(ILogger<StorageOutage> logger) : IExceptionHandler
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

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsOutage(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("Storage did not answer {Method} {Path}: 503 ({Error})",
            httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        httpContext.Response.Headers.RetryAfter = $"{RetryAfterSeconds}";
        await Problems.Status(StatusCodes.Status503ServiceUnavailable,
                "Kho lưu trữ tạm thời không phản hồi; vui lòng thử lại sau ít giây.")
            .ExecuteAsync(httpContext);
        return true;
    }
}

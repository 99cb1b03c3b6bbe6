using Azure.Data.Tables;

namespace MotCua.Hosting;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 problem+json when it does not.</summary>
internal static class Health
{
    public static FunctionRegistry AddHealthFunction(this FunctionRegistry functions) =>
        functions.AddHttp("Health", "GET", "health", AuthLevel.Anonymous, CheckAsync);

    private static async Task<IResult> CheckAsync(TableServiceClient tables, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return TypedResults.Ok(new { status = "ok" });
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kho lưu trữ không phản hồi.");
        }
    }
}

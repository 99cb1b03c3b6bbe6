using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;

namespace MotCua.Reporting;

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 problem+json when it does not.</summary>
internal sealed class Health(TableServiceClient tables)
{
    [Function(nameof(Health))]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
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

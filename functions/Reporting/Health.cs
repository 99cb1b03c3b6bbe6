using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;

namespace MotCua.Reporting;

internal sealed record HealthView(string Status);

/// <summary><c>GET /api/health</c>: 200 when storage answers, 503 problem+json when it does not.</summary>
internal sealed class Health(TableServiceClient tables)
{
    [Function(nameof(Health))]
    public async Task<Results<Ok<HealthView>, ProblemHttpResult>> Run(
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

            return TypedResults.Ok(new HealthView("ok"));
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Kho lưu trữ không phản hồi.");
        }
    }
}

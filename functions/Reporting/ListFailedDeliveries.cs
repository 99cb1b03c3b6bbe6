// GET /api/ops/deliveries?state=failed: the webhook events whose retry schedule ran out, for ops to replay.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Storage;

namespace MotCua.Reporting;

internal sealed class ListFailedDeliveries(Indexes indexes, TableServiceClient tables, ProcedureCatalog catalog)
{
    [Function(nameof(ListFailedDeliveries))]
    public Task<Results<Ok<FailedDeliveries>, ValidationProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/deliveries")] HttpRequest request, CancellationToken cancellationToken) =>
        DeliveryFailures.ListAsync(request.Query["state"], indexes, tables, catalog, cancellationToken);
}

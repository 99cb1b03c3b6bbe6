// POST /api/ops/poison/requeue: the poison messages back on `deliver`, byte for byte.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Reporting;

internal sealed class RequeuePoisonMessages(StorageConnection connection)
{
    [Function(nameof(RequeuePoisonMessages))]
    public Task<Ok<PoisonRequeued>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ops/poison/requeue")] HttpRequest request, CancellationToken cancellationToken) =>
        PoisonMessages.RequeueAsync(connection, cancellationToken);
}

// GET /api/ops/poison: the `deliver` messages that failed maxDequeueCount times.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Reporting;

internal sealed class ListPoisonMessages(StorageConnection connection)
{
    [Function(nameof(ListPoisonMessages))]
    public Task<Ok<PoisonQueueView>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/poison")] HttpRequest request, CancellationToken cancellationToken) =>
        PoisonMessages.ListAsync(connection, cancellationToken);
}

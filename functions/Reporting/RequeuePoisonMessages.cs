// POST /api/ops/poison/requeue: the poison messages back on `deliver`, byte for byte.
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Reporting;

internal sealed record PoisonRequeued(int Requeued);

internal sealed class RequeuePoisonMessages(StorageConnection connection)
{
    /// <summary>How long a received poison message stays hidden while it is copied to <c>deliver</c>.</summary>
    private static readonly TimeSpan MoveLease = TimeSpan.FromSeconds(30);

    [Function(nameof(RequeuePoisonMessages))]
    public async Task<Ok<PoisonRequeued>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ops/poison/requeue")] HttpRequest request, CancellationToken cancellationToken)
    {
        var queues = PoisonMessages.RawQueues(connection);
        var poison = queues.GetQueueClient(PoisonMessages.QueueName);
        var deliver = queues.GetQueueClient(StorageNames.DeliverQueue);
        // Only as many as were here when ops asked: a message that fails again comes back, and must not go round forever.
        var left = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var moved = 0;
        while (left > 0)
        {
            QueueMessage[] batch = (await poison.ReceiveMessagesAsync(Math.Min(left, PoisonMessages.MaxBatchSize), MoveLease, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            await Task.WhenAll(batch.Select(async message =>
            {
                await deliver.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                // Once sent it must leave the poison queue, even if the caller has gone: a copy in both would run twice.
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }));
            moved += batch.Length;
            left -= batch.Length;
        }

        return TypedResults.Ok(new PoisonRequeued(moved));
    }
}

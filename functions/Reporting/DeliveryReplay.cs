// POST /api/ops/deliveries/{deliveryId}/replay: gives each failed webhook event of one delivery one more attempt,
// under the webhook-id of its earlier attempts, so an agency that did receive one of them ignores it. ForwardDossier
// does the sending; if the attempt fails the event is failed (and listed) again.
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Reporting;

internal sealed record ReplayAccepted(string DeliveryId, IReadOnlyList<string> WebhookIds);

internal sealed class DeliveryReplay(TableServiceClient tables, Indexes indexes, Outbox outbox, ILogger<DeliveryReplay> logger)
{
    [Function(nameof(DeliveryReplay))]
    public async Task<Results<Accepted<ReplayAccepted>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ops/deliveries/{deliveryId}/replay")] HttpRequest request, string deliveryId,
        CancellationToken cancellationToken)
    {
        if (ItemOf(deliveryId) is not { } itemId)
        {
            return NotFound();
        }

        var dossiers = tables.GetTableClient(StorageNames.DossiersTable);
        var partition = await DossierPartition.LoadAsync(dossiers, itemId, cancellationToken);
        if (partition.Deliveries.Find(d => d.DeliveryId == deliveryId) is not { } delivery)
        {
            return NotFound();
        }

        // The item's rows of the failed partition: row keys are {itemId}|{webhookId}.
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        var prefix = itemId + "|";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Indexes.FailedPartition} and RowKey ge {prefix} and RowKey lt {TableRow.KeysAfter(prefix)}");
        await foreach (var row in indexes.Table.QueryAsync<IndexRow>(filter, select: [nameof(IndexRow.WebhookId)], cancellationToken: cancellationToken))
        {
            indexed.Add(row.WebhookId ?? "");
        }

        var replayed = new List<string>();
        foreach (var ev in partition.Events.Where(e => e.AgencyId == delivery.AgencyId))
        {
            if (await ReplayAsync(dossiers, ev, indexed.Contains(ev.WebhookId), indexes, outbox, cancellationToken))
            {
                replayed.Add(ev.WebhookId);
            }
        }

        if (replayed.Count == 0)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Lần chuyển này không có sự kiện thất bại nào để gửi lại.");
        }

        logger.LogInformation("Ops replayed {Count} failed events of delivery {DeliveryId}", replayed.Count, deliveryId);
        return TypedResults.Accepted((string?)null, new ReplayAccepted(deliveryId, replayed));
    }

    /// <summary>
    /// Pending first (with the ETag, so two replays cannot both win), then the message, then the index row: a crash
    /// part-way leaves a pending event still indexed as failed, which is listed and replayed again rather than lost.
    /// </summary>
    private static async Task<bool> ReplayAsync(TableClient dossiers, OutboundEventRow ev, bool indexedAsFailed, Indexes indexes, Outbox outbox,
        CancellationToken cancellationToken)
    {
        if (ev.State == EventStates.Failed)
        {
            ev.State = EventStates.Pending;
            try
            {
                await dossiers.UpdateEntityAsync(ev, ev.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed since we read it: another replay has taken it.
                return false;
            }
        }
        else if (ev.State != EventStates.Pending || !indexedAsFailed)
        {
            return false;
        }

        await outbox.SendAsync(new DeliverMessage(ev.PartitionKey, ev.WebhookId, ev.Attempts + 1), null, cancellationToken);
        await indexes.EventReplayedAsync(ev.PartitionKey, ev.WebhookId, cancellationToken);
        return true;
    }

    /// <summary><c>{itemId}-{nn}</c> with a well-formed dossier or feedback id, else null: junk never reaches storage.</summary>
    private static string? ItemOf(string deliveryId)
    {
        var dash = deliveryId.LastIndexOf('-');
        if (dash < 0 || deliveryId.Length - dash - 1 is < 2 or > 3 || !deliveryId[(dash + 1)..].All(char.IsAsciiDigit))
        {
            return null;
        }

        var itemId = deliveryId[..dash];
        return DossierId.IsWellFormed(itemId) || FeedbackId.IsWellFormed(itemId) ? itemId : null;
    }

    private static ProblemHttpResult NotFound() => Problems.Status(StatusCodes.Status404NotFound, "Không có lần chuyển nào với mã này.");
}

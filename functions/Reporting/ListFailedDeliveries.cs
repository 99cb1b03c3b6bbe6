// GET /api/ops/deliveries?state=failed: the webhook events whose retry schedule ran out, for ops to replay; from the
// `failed` index partition, each described from its own partition (the attempt log) without scanning Dossiers.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed record FailedDelivery(string DeliveryId, string DossierId, string WebhookId, string EventType, string AgencyId,
    string AgencyName, int Attempts, DateTimeOffset LastAttemptAt, int? LastStatusCode, string? LastError);

internal sealed record FailedDeliveries(IReadOnlyList<FailedDelivery> Items);

internal sealed class ListFailedDeliveries(Indexes indexes, TableServiceClient tables, ProcedureCatalog catalog)
{
    /// <summary>
    /// The most events one answer describes: each costs a partition query. Replaying removes events from the list,
    /// so ops working through a long outage see the next ones on the following call.
    /// </summary>
    public const int Limit = 200;

    private const int ParallelLookups = 16;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(ListFailedDeliveries))]
    public async Task<Results<Ok<FailedDeliveries>, ValidationProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/deliveries")] HttpRequest request, CancellationToken cancellationToken)
    {
        string? state = request.Query["state"];
        if (state != EventStates.Failed)
        {
            return Problems.Invalid("state", "Chỉ hỗ trợ liệt kê các lần chuyển thất bại (state=failed).");
        }

        var failed = await indexes.FirstAsync(Indexes.FailedPartition, Limit, cancellationToken);

        var items = new FailedDelivery?[failed.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, failed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = cancellationToken },
            async (i, token) => items[i] = await DescribeAsync(failed[i], token));
        return TypedResults.Ok(new FailedDeliveries([.. items.OfType<FailedDelivery>().OrderByDescending(item => item.LastAttemptAt)]));
    }

    /// <summary>The event, its delivery and its attempts in one query of the item's partition; null for a stale index row.</summary>
    private async Task<FailedDelivery?> DescribeAsync(IndexRow failed, CancellationToken cancellationToken)
    {
        var webhookId = failed.WebhookId ?? "";
        var agencyId = failed.AgencyId ?? "";
        var attemptsFrom = AttemptRow.Prefix + webhookId + "|";
        var attemptsTo = TableRow.KeysAfter(attemptsFrom);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {failed.ItemId} and (RowKey eq {OutboundEventRow.KeyFor(webhookId)} or RowKey eq {DeliveryRow.KeyFor(agencyId)} or (RowKey ge {attemptsFrom} and RowKey lt {attemptsTo}))");
        var rows = new List<TableEntity>();
        await foreach (var entity in _dossiers.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(entity);
        }

        return Describe(failed, rows, catalog);
    }

    /// <summary>
    /// A failed event as ops see it, from its event row, its delivery row and its attempt rows; null when it is no longer
    /// failed: delivered or cancelled since (a replay whose index clean-up was lost) leaves nothing to replay. A pending
    /// event still indexed is a replay that was interrupted, and stays listed so ops can replay it again.
    /// </summary>
    internal static FailedDelivery? Describe(IndexRow failed, IReadOnlyList<TableEntity> rows, ProcedureCatalog catalog)
    {
        var ev = rows.FirstOrDefault(row => row.RowKey.StartsWith(OutboundEventRow.Prefix, StringComparison.Ordinal));
        var delivery = rows.FirstOrDefault(row => row.RowKey.StartsWith(DeliveryRow.Prefix, StringComparison.Ordinal));
        var attempts = rows.Where(row => row.RowKey.StartsWith(AttemptRow.Prefix, StringComparison.Ordinal)).ToList();
        if (ev?.GetString(nameof(OutboundEventRow.State)) is not (EventStates.Failed or EventStates.Pending) || delivery is null)
        {
            return null;
        }

        var agencyId = failed.AgencyId ?? "";
        var last = attempts.MaxBy(a => a.GetInt32(nameof(AttemptRow.Attempt)));
        return new FailedDelivery(
            delivery.GetString(nameof(DeliveryRow.DeliveryId)), failed.ItemId, failed.WebhookId ?? "", failed.EventType ?? "", agencyId,
            catalog.FindAgency(agencyId)?.Name ?? agencyId, attempts.Count,
            VietnamTime.Of(last?.GetDateTimeOffset(nameof(AttemptRow.At)) ?? failed.At),
            last?.GetInt32(nameof(AttemptRow.StatusCode)), last?.GetString(nameof(AttemptRow.Error)));
    }
}

// Narrow index partitions that reports, sweeps and ops lists read instead of scanning the case partitions:
//   day|{yyyy-MM-dd}   what happened that Vietnam day: received, forwarded, processed (one row per delivery)
//   due|{yyyy-MM-dd}   deliveries due that day, for the overdue sweep
//   failed             webhook events whose retry schedule ran out, for ops to replay
//   overdue            deliveries past due and not final, kept by OverdueSweep (watermark: how far it has read due|)
// Rows are written right after the change they describe; see docs/decisions/0004-index-partitions.md.
using Azure;
using Azure.Data.Tables;
using MotCua.Hosting;
using MotCua.Submission;

namespace MotCua.Storage;

internal sealed class IndexRow : TableRow
{
    public string ItemId { get; set; } = "";

    public string? AgencyId { get; set; }

    public string? ProcedureCode { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>For a processed delivery: finished by its due time.</summary>
    public bool? OnTime { get; set; }

    /// <summary>For a failed event: its webhook id and type.</summary>
    public string? WebhookId { get; set; }

    public string? EventType { get; set; }
}

internal static class ActivityKinds
{
    public const string Received = "received";
    public const string Forwarded = "forwarded";
    public const string Processed = "processed";
}

internal sealed class Indexes(TableServiceClient tables, ILogger<Indexes> logger)
{
    public const string FailedPartition = "failed";

    public TableClient Table { get; } = tables.GetTableClient(StorageNames.IndexesTable);

    public static string DayPartition(DateOnly day) => $"day|{day:yyyy-MM-dd}";

    public static string DuePartition(DateOnly day) => $"due|{day:yyyy-MM-dd}";

    public static DateOnly VietnamDay(DateTimeOffset instant) => DateOnly.FromDateTime(VietnamTime.Of(instant).DateTime);

    /// <summary>A dossier received: one activity row and one due row per delivery.</summary>
    public Task DossierReceivedAsync(DossierRow dossier, IReadOnlyList<DeliveryRow> deliveries, CancellationToken cancellationToken) =>
        WriteAsync(
        [
            .. deliveries.Select(d => Row(DayPartition(VietnamDay(dossier.SubmittedAt)), ActivityKinds.Received, dossier, d.AgencyId, dossier.SubmittedAt)),
            .. deliveries.Select(d => new IndexRow
            {
                PartitionKey = DuePartition(VietnamDay(dossier.DueAt)), RowKey = $"{dossier.PartitionKey}|{d.AgencyId}",
                ItemId = dossier.PartitionKey, AgencyId = d.AgencyId, ProcedureCode = dossier.ProcedureCode, At = dossier.SubmittedAt, DueAt = dossier.DueAt,
            }),
        ], cancellationToken);

    public Task DeliveryForwardedAsync(DossierRow dossier, string agencyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync([Row(DayPartition(VietnamDay(at)), ActivityKinds.Forwarded, dossier, agencyId, at)], cancellationToken);

    /// <summary>A delivery reached approved or rejected: counted as processed that day, on time or late.</summary>
    public Task DeliveryProcessedAsync(DossierRow dossier, string agencyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = Row(DayPartition(VietnamDay(at)), ActivityKinds.Processed, dossier, agencyId, at);
        row.OnTime = at <= dossier.DueAt;
        return WriteAsync([row], cancellationToken);
    }

    public Task EventFailedAsync(OutboundEventRow ev, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
        [
            new IndexRow
            {
                PartitionKey = FailedPartition, RowKey = $"{ev.PartitionKey}|{ev.WebhookId}", ItemId = ev.PartitionKey, AgencyId = ev.AgencyId,
                At = at, WebhookId = ev.WebhookId, EventType = ev.Type,
            },
        ], cancellationToken);

    public async Task EventReplayedAsync(string itemId, string webhookId, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(FailedPartition, $"{itemId}|{webhookId}", ETag.All, cancellationToken);

    private static IndexRow Row(string partition, string kind, DossierRow dossier, string agencyId, DateTimeOffset at) => new()
    {
        PartitionKey = partition, RowKey = $"{kind}|{dossier.PartitionKey}|{agencyId}", ItemId = dossier.PartitionKey, AgencyId = agencyId,
        ProcedureCode = dossier.ProcedureCode, At = at, DueAt = dossier.DueAt,
    };

    /// <summary>Upserts, grouped by partition (one transaction each). Idempotent, so a repeat after a retry is harmless.</summary>
    private async Task WriteAsync(IReadOnlyList<IndexRow> rows, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(rows.GroupBy(r => r.PartitionKey).SelectMany(group => group.Chunk(100)).Select(chunk =>
                Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken)));
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogError(ex, "Index rows for {ItemId} were not written; reports may miss them", rows[0].ItemId);
        }
    }
}

// Narrow index partitions that reports, sweeps and ops lists read instead of scanning the case partitions:
//   day|{yyyy-MM-dd}   what happened that Vietnam day: received, forwarded, processed (one row per delivery), alone in
//                      that day's own table Activity{yyyyMMdd}, so reading it costs the same however much history exists
//   due|{yyyy-MM-dd}   deliveries due that day, for the overdue sweep
//   failed             webhook events whose retry schedule ran out, for ops to replay
//   notifications-failed  e-mails to applicants given up after every attempt the queue allows, for ops
//   overdue            deliveries past due and not final, kept by OverdueSweep (watermark: how far it has read due|)
// Rows are written right after the change they describe; see docs/decisions/0004-index-partitions.md.
using Azure;
using Azure.Data.Tables;
using MotCua.Hosting;
using MotCua.Vietnam;

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

    /// <summary>For a failed notification: its row key in the dossier's partition.</summary>
    public string? NotificationKey { get; set; }
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

    public const string FailedNotificationsPartition = "notifications-failed";

    public TableClient Table { get; } = tables.GetTableClient(StorageNames.IndexesTable);

    /// <summary>The table of a Vietnam day's activity; it exists once something happened that day.</summary>
    public TableClient Day(DateOnly day) => tables.GetTableClient(StorageNames.ActivityTable(day));

    /// <summary>The first <paramref name="limit"/> rows of an index partition, in key order: one page of one query.</summary>
    public async Task<List<IndexRow>> FirstAsync(string partition, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<IndexRow>();
        await foreach (var row in Table.QueryAsync<IndexRow>(r => r.PartitionKey == partition, maxPerPage: limit, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == limit)
            {
                break;
            }
        }

        return rows;
    }

    public static string DayPartition(DateOnly day) => $"day|{day:yyyy-MM-dd}";

    public static string DuePartition(DateOnly day) => $"due|{day:yyyy-MM-dd}";

    public static DateOnly VietnamDay(DateTimeOffset instant) => DateOnly.FromDateTime(VietnamTime.Of(instant).DateTime);

    /// <summary>
    /// A dossier received: one activity row per delivery, and one due row per delivery when its processing time starts now
    /// (a dossier waiting for its fee gets them when the fee is paid: <see cref="DeliveriesDueAsync"/>).
    /// </summary>
    public Task DossierReceivedAsync(DossierRow dossier, IReadOnlyList<DeliveryRow> deliveries, bool processingStarts,
        CancellationToken cancellationToken) =>
        Task.WhenAll(
            ActivityAsync([.. deliveries.Select(d => Row(ActivityKinds.Received, dossier, d.AgencyId, dossier.SubmittedAt))], cancellationToken),
            processingStarts ? DeliveriesDueAsync(dossier, deliveries, cancellationToken) : Task.CompletedTask);

    /// <summary>The deliveries' due rows, by the dossier's due time, for the overdue sweep.</summary>
    public Task DeliveriesDueAsync(DossierRow dossier, IReadOnlyList<DeliveryRow> deliveries, CancellationToken cancellationToken) =>
        WriteAsync(Table,
        [
            .. deliveries.Select(d => new IndexRow
            {
                PartitionKey = DuePartition(VietnamDay(dossier.DueAt)), RowKey = $"{dossier.PartitionKey}|{d.AgencyId}",
                ItemId = dossier.PartitionKey, AgencyId = d.AgencyId, ProcedureCode = dossier.ProcedureCode, At = dossier.SubmittedAt, DueAt = dossier.DueAt,
            }),
        ], cancellationToken);

    public Task DeliveryForwardedAsync(DossierRow dossier, string agencyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ActivityAsync([Row(ActivityKinds.Forwarded, dossier, agencyId, at)], cancellationToken);

    /// <summary>A delivery reached approved or rejected: counted as processed that day, on time or late.</summary>
    public Task DeliveryProcessedAsync(DossierRow dossier, string agencyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = Row(ActivityKinds.Processed, dossier, agencyId, at);
        row.OnTime = at <= dossier.DueAt;
        return ActivityAsync([row], cancellationToken);
    }

    public Task EventFailedAsync(OutboundEventRow ev, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(Table,
        [
            new IndexRow
            {
                PartitionKey = FailedPartition, RowKey = $"{ev.PartitionKey}|{ev.WebhookId}", ItemId = ev.PartitionKey, AgencyId = ev.AgencyId,
                At = at, WebhookId = ev.WebhookId, EventType = ev.Type,
            },
        ], cancellationToken);

    public Task NotificationFailedAsync(NotificationRow notification, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(Table,
        [
            new IndexRow
            {
                PartitionKey = FailedNotificationsPartition, RowKey = $"{notification.PartitionKey}|{notification.RowKey}", ItemId = notification.PartitionKey,
                AgencyId = notification.AgencyId, At = at, EventType = notification.Event, NotificationKey = notification.RowKey,
            },
        ], cancellationToken);

    public async Task EventReplayedAsync(string itemId, string webhookId, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(FailedPartition, $"{itemId}|{webhookId}", ETag.All, cancellationToken);

    /// <summary>An activity row, in the partition of the Vietnam day it happened (<paramref name="at"/>).</summary>
    private static IndexRow Row(string kind, DossierRow dossier, string agencyId, DateTimeOffset at) => new()
    {
        PartitionKey = DayPartition(VietnamDay(at)), RowKey = $"{kind}|{dossier.PartitionKey}|{agencyId}", ItemId = dossier.PartitionKey,
        AgencyId = agencyId, ProcedureCode = dossier.ProcedureCode, At = at, DueAt = dossier.DueAt,
    };

    /// <summary>Activity rows of one day, into that day's table; the day's first row creates it.</summary>
    private Task ActivityAsync(IReadOnlyList<IndexRow> rows, CancellationToken cancellationToken) =>
        WriteAsync(Day(VietnamDay(rows[0].At)), rows, cancellationToken);

    /// <summary>
    /// Upserts, grouped by partition (one transaction each), creating the table if it is missing. Idempotent, so a repeat
    /// after a retry is harmless.
    /// </summary>
    private async Task WriteAsync(TableClient table, IReadOnlyList<IndexRow> rows, CancellationToken cancellationToken)
    {
        Task UpsertAsync() => Task.WhenAll(rows.GroupBy(r => r.PartitionKey).SelectMany(group => group.Chunk(100)).Select(chunk =>
            table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken)));
        try
        {
            try
            {
                await UpsertAsync();
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                await table.CreateIfNotExistsAsync(cancellationToken);
                await UpsertAsync();
            }
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogError(ex, "Index rows for {ItemId} were not written; reports may miss them", rows[0].ItemId);
        }
    }
}

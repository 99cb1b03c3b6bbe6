// Timer: keeps the overdue list (đôn đốc, theo dõi) and sends each responsible agency one signed reminder a
// Vietnam day. It reads the `due|` partitions after its watermark up to today, the list itself, and one delivery
// row per candidate: its work follows the overdue deliveries, never the size of the Dossiers table. Two runs at
// once (the timer and an admin invoke) are harmless: each step is an upsert, a delete or an add-if-absent.
using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Reporting;

internal sealed class OverdueSweep(TableServiceClient tables, Outbox outbox, TimeProvider clock, ILogger<OverdueSweep> logger)
{
    public const string Schedule = "0 */15 * * * *";

    /// <summary>Storage calls in flight at once while checking deliveries and reminding agencies.</summary>
    private const int Parallelism = 16;

    private readonly TableClient _indexes = tables.GetTableClient(StorageNames.IndexesTable);
    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(OverdueSweep))]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = Indexes.VietnamDay(now);
        var listed = await ListedAsync(cancellationToken);
        var watermark = await _indexes.GetEntityIfExistsAsync<OverdueWatermarkRow>(OverdueWatermarkRow.Partition, OverdueWatermarkRow.Key,
            cancellationToken: cancellationToken);
        DateOnly? through = watermark.HasValue ? watermark.Value!.ThroughDay() : null;
        var newlyDue = await NewlyDueAsync(through, today, now, listed, cancellationToken);

        var open = new ConcurrentBag<OverdueRow>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(listed.Values.Select(row => (row, listed: true)).Concat(newlyDue.Select(row => (row, listed: false))), parallel,
            async (candidate, ct) =>
            {
                if (await RecheckAsync(candidate.row, candidate.listed, ct))
                {
                    open.Add(candidate.row);
                }
            });

        // Every delivery due before today is now on the list or final; one due today may still be on time, so today is read again.
        var yesterday = today.AddDays(-1);
        if (through is null || through < yesterday)
        {
            await _indexes.UpsertEntityAsync(OverdueWatermarkRow.For(yesterday), TableUpdateMode.Replace, cancellationToken);
        }

        var reminded = 0;
        await Parallel.ForEachAsync(open.GroupBy(row => row.AgencyId, StringComparer.Ordinal), parallel, async (agency, ct) =>
        {
            if (await RemindAsync(agency.Key, today, [.. agency], now, ct))
            {
                Interlocked.Increment(ref reminded);
            }
        });
        logger.LogInformation("{Open} deliveries overdue ({NewlyDue} newly found, {Checked} checked); {Reminded} agencies reminded",
            open.Count, newlyDue.Count, listed.Count + newlyDue.Count, reminded);
    }

    private async Task<Dictionary<string, OverdueRow>> ListedAsync(CancellationToken cancellationToken)
    {
        var listed = new Dictionary<string, OverdueRow>(StringComparer.Ordinal);
        await foreach (var row in _indexes.QueryAsync<OverdueRow>(r => r.PartitionKey == OverdueRow.Partition, cancellationToken: cancellationToken))
        {
            listed[row.RowKey] = row;
        }

        return listed;
    }

    /// <summary>Deliveries due by now in the <c>due|</c> partitions after the watermark up to today (one range query), not yet listed.</summary>
    private async Task<List<OverdueRow>> NewlyDueAsync(DateOnly? through, DateOnly today, DateTimeOffset now,
        Dictionary<string, OverdueRow> listed, CancellationToken cancellationToken)
    {
        // Without a watermark (the first run) the range starts at the earliest due date there is.
        var after = Indexes.DuePartition(through ?? DateOnly.MinValue);
        var filter = TableClient.CreateQueryFilter($"PartitionKey gt {after} and PartitionKey le {Indexes.DuePartition(today)} and DueAt le {now}");
        var rows = new List<OverdueRow>();
        await foreach (var due in _indexes.QueryAsync<IndexRow>(filter,
            select: [nameof(IndexRow.RowKey), nameof(IndexRow.ItemId), nameof(IndexRow.AgencyId), nameof(IndexRow.ProcedureCode),
                nameof(IndexRow.DueAt)],
            cancellationToken: cancellationToken))
        {
            // A due row's key is {dossierId}|{agencyId}, the list's key too.
            if (!listed.ContainsKey(due.RowKey) && due is { AgencyId: { } agencyId, DueAt: { } dueAt })
            {
                rows.Add(new OverdueRow
                {
                    PartitionKey = OverdueRow.Partition, RowKey = due.RowKey, DossierId = due.ItemId, AgencyId = agencyId,
                    ProcedureCode = due.ProcedureCode ?? "", DueAt = dueAt,
                });
            }
        }

        return rows;
    }

    /// <summary>Reads the delivery: still open, it is (or stays) listed with its current status; final or gone, it leaves the list.</summary>
    /// <returns>Whether the delivery is overdue.</returns>
    private async Task<bool> RecheckAsync(OverdueRow row, bool listed, CancellationToken cancellationToken)
    {
        var found = await _dossiers.GetEntityIfExistsAsync<DeliveryRow>(row.DossierId, DeliveryRow.KeyFor(row.AgencyId),
            select: [nameof(DeliveryRow.DeliveryId), nameof(DeliveryRow.Status)], cancellationToken: cancellationToken);
        if (found.HasValue && found.Value is { } delivery && DossierStatus.IsRunning(delivery.Status))
        {
            if (!listed || row.Status != delivery.Status)
            {
                (row.DeliveryId, row.Status) = (delivery.DeliveryId, delivery.Status);
                await _indexes.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }

        if (listed)
        {
            await _indexes.DeleteEntityAsync(OverdueRow.Partition, row.RowKey, ETag.All, cancellationToken);
        }

        return false;
    }

    /// <summary>
    /// The agency's reminder for <paramref name="today"/>, unless it already has one: its notice row and event are added in one
    /// transaction, which fails for a second writer, and then travel the outbox like any webhook.
    /// </summary>
    /// <returns>Whether this run wrote the reminder.</returns>
    private async Task<bool> RemindAsync(string agencyId, DateOnly today, IReadOnlyCollection<OverdueRow> rows, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var partition = NoticeRow.PartitionKeyFor(agencyId, today);
        if ((await _dossiers.GetEntityIfExistsAsync<NoticeRow>(partition, NoticeRow.Key, select: [nameof(NoticeRow.WebhookId)],
                cancellationToken: cancellationToken)).HasValue)
        {
            return false;
        }

        var ev = Outbox.NewEvent(partition, WebhookEvents.DossierOverdueReminder, agencyId, now, OverdueReminder.DataJson(agencyId, today, rows, now));
        var notice = new NoticeRow { PartitionKey = partition, RowKey = NoticeRow.Key, AgencyId = agencyId, WebhookId = ev.WebhookId, CreatedAt = now };
        try
        {
            await outbox.CommitAsync(partition, [new TableTransactionAction(TableTransactionActionType.Add, notice)], [ev], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == StatusCodes.Status409Conflict)
        {
            // Another run wrote today's reminder first; its announcement of this event finds no row and is dropped by OutboxSweep.
            return false;
        }

        logger.LogInformation("Reminding {AgencyId} of {Count} overdue deliveries for {Date} ({WebhookId})", agencyId, rows.Count, today, ev.WebhookId);
        return true;
    }
}

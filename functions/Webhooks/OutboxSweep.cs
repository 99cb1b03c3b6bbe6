// Timer: finds webhook events announced in the Outbox but never attempted (the enqueue was lost to a crash or
// a failed queue call) and enqueues them again; clears the entries of events that are on their way. The same for e-mails to
// applicants: a notification never attempted, or claimed by an invocation that died mid-send, goes on `notify` again.
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;

namespace MotCua.Webhooks;

internal sealed class OutboxSweep(TableServiceClient tables, Outbox outbox, TimeProvider clock, IOptions<OutboxOptions> options,
    ILogger<OutboxSweep> logger)
{
    public const string Schedule = "0 */1 * * * *";

    private readonly TableClient _outbox = tables.GetTableClient(StorageNames.OutboxTable);
    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(OutboxSweep))]
    public async Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var before = (now - options.Value.Grace).UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var counts = await Task.WhenAll(Enumerable.Range(0, Outbox.Shards)
            .Select(shard => SweepShardAsync(shard.ToString("D2", CultureInfo.InvariantCulture), before, now, cancellationToken)));
        if (counts.Sum() > 0)
        {
            logger.LogWarning("OutboxSweep re-enqueued {Count} webhook events or notifications whose first enqueue (or send) was lost", counts.Sum());
        }
    }

    private async Task<int> SweepShardAsync(string shard, string before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requeued = 0;
        await foreach (var entry in _outbox.QueryAsync<TableEntity>(
            e => e.PartitionKey == shard && e.RowKey.CompareTo(before) < 0, cancellationToken: cancellationToken))
        {
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, entry, entry.ETag) };
            // Re-arm the entry of one still owed so it is looked at again after another grace period, not on every sweep.
            var (rearmed, enqueued) = await RequeueAsync(shard, entry, now, cancellationToken);
            if (rearmed is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, rearmed));
            }

            requeued += enqueued ? 1 : 0;

            try
            {
                await _outbox.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Another instance swept this entry at the same time.
            }
        }

        return requeued;
    }

    /// <summary>
    /// What an announcement names, enqueued again when it is stalled. An event is done with its first attempt (its retries are its
    /// own); a notification only once sent or given up, since a send can die after its claim: the entry stays armed until then.
    /// </summary>
    /// <returns>The re-armed entry (null when done), and whether it was enqueued again.</returns>
    private async Task<(TableEntity? Rearmed, bool Enqueued)> RequeueAsync(string shard, TableEntity entry, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (subjectId, webhookId) = Outbox.Announced(entry);
        if (entry.GetString(Outbox.NotificationProperty) is { } notificationKey)
        {
            var found = await _dossiers.GetEntityIfExistsAsync<NotificationRow>(subjectId, notificationKey, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { State: NotificationStates.Pending or NotificationStates.Sending } notification)
            {
                return (null, false);
            }

            var stalled = notification.IsStalled(now);
            if (stalled)
            {
                await outbox.SendAsync(new NotifyMessage(subjectId, notificationKey), cancellationToken);
            }

            return (Outbox.NotificationEntry(shard, now, subjectId, notificationKey), stalled);
        }

        var ev = await _dossiers.GetEntityIfExistsAsync<OutboundEventRow>(subjectId, OutboundEventRow.KeyFor(webhookId), cancellationToken: cancellationToken);
        if (!ev.HasValue || ev.Value is not { State: EventStates.Pending, Attempts: 0 })
        {
            return (null, false);
        }

        await outbox.SendAsync(new DeliverMessage(subjectId, webhookId, 1), null, cancellationToken);
        return (Outbox.OutboxEntry(shard, now, subjectId, webhookId), true);
    }
}

// Timer: finds webhook events announced in the Outbox but never attempted (the enqueue was lost to a crash or
// a failed queue call) and enqueues them again; clears the entries of events that are on their way.
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
            logger.LogWarning("OutboxSweep re-enqueued {Count} webhook events whose first enqueue was lost", counts.Sum());
        }
    }

    private async Task<int> SweepShardAsync(string shard, string before, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requeued = 0;
        await foreach (var entry in _outbox.QueryAsync<TableEntity>(
            e => e.PartitionKey == shard && e.RowKey.CompareTo(before) < 0, cancellationToken: cancellationToken))
        {
            var (subjectId, webhookId) = Outbox.Announced(entry);
            var ev = await _dossiers.GetEntityIfExistsAsync<OutboundEventRow>(subjectId, OutboundEventRow.KeyFor(webhookId),
                cancellationToken: cancellationToken);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Delete, entry, entry.ETag) };
            if (ev.HasValue && ev.Value is { State: EventStates.Pending, Attempts: 0 })
            {
                // Re-arm the entry so the event is looked at again after another grace period, not on every sweep.
                actions.Add(new(TableTransactionActionType.Add, Outbox.OutboxEntry(shard, now, subjectId, webhookId)));
                await outbox.SendAsync(new DeliverMessage(subjectId, webhookId, 1), null, cancellationToken);
                requeued++;
            }

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
}

// The webhooks the portal owes agencies: each is an event row in its subject's partition (a dossier, a feedback item,
// a notice), announced in the Outbox table before that row is written, then put on the `deliver` queue. The e-mails owed
// to applicants take the same path to the `notify` queue (a notification row of the dossier's partition). See
// docs/decisions/0003 and 0015.
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Converters;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Webhooks;

/// <summary>Names one attempt at one outbound event; the event row, in the partition of its subject (a dossier, a feedback item
/// or a notice), holds everything else.</summary>
[InputConverter(typeof(DeliverMessageConverter))]
public sealed record DeliverMessage(string SubjectId, string WebhookId, int Attempt);

internal sealed class Outbox(TableServiceClient tables, [FromKeyedServices(StorageNames.DeliverQueue)] QueueClient deliverQueue,
    [FromKeyedServices(StorageNames.NotifyQueue)] QueueClient notifyQueue, TimeProvider clock, ILogger<Outbox> logger)
{
    public const int Shards = 16;

    /// <summary>The property of an announcement of a notification: the notification's row key (its own key names a random id).</summary>
    public const string NotificationProperty = "Notification";

    private readonly TableClient _outbox = tables.GetTableClient(StorageNames.OutboxTable);
    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    public static OutboundEventRow NewEvent(string subjectId, string type, string agencyId, DateTimeOffset at, string? dataJson = null)
    {
        var webhookId = $"msg_{Guid.NewGuid():N}";
        return new OutboundEventRow
        {
            PartitionKey = subjectId,
            RowKey = OutboundEventRow.KeyFor(webhookId),
            WebhookId = webhookId,
            Type = type,
            AgencyId = agencyId,
            CreatedAt = at,
            DataJson = dataJson,
        };
    }

    /// <summary>A stable shard for a subject, so all its outbox rows share one partition (one transaction).</summary>
    public static string ShardOf(string subjectId)
    {
        var hash = 2166136261u;
        foreach (var c in subjectId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % Shards).ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The outbox's protocol, which every writer of events follows through here: announce the events in the Outbox table
    /// (so a crash after it cannot lose them), write <paramref name="changes"/> and the event rows in one transaction of the
    /// subject's partition, then put the events on <c>deliver</c>. A failed transaction throws and sends nothing (its
    /// announcements find no event row and are cleared by OutboxSweep); a failed enqueue is left to OutboxSweep.
    /// </summary>
    /// <param name="subjectId">The partition of the Dossiers table the events and changes live in: a dossier, feedback item or notice.</param>
    /// <exception cref="TableTransactionFailedException">The transaction failed, e.g. on an ETag (412) or an existing row (409).</exception>
    public Task CommitAsync(string subjectId, IEnumerable<TableTransactionAction> changes, IReadOnlyCollection<OutboundEventRow> events,
        CancellationToken cancellationToken) => CommitAsync(subjectId, changes, events, [], cancellationToken);

    /// <inheritdoc cref="CommitAsync(string, IEnumerable{TableTransactionAction}, IReadOnlyCollection{OutboundEventRow}, CancellationToken)"/>
    /// <param name="notifications">E-mails to the applicant the changes cause, added in the same transaction and put on <c>notify</c>:
    /// one that exists already (the same event again) fails the transaction with 409.</param>
    public async Task CommitAsync(string subjectId, IEnumerable<TableTransactionAction> changes, IReadOnlyCollection<OutboundEventRow> events,
        IReadOnlyCollection<NotificationRow> notifications, CancellationToken cancellationToken)
    {
        await AnnounceAsync(subjectId, events, notifications, cancellationToken);
        await _dossiers.SubmitTransactionAsync(changes
            .Concat(events.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)))
            .Concat(notifications.Select(n => new TableTransactionAction(TableTransactionActionType.Add, n))), cancellationToken);
        await EnqueueAsync(subjectId, events, notifications, cancellationToken);
    }

    /// <summary>An announcement: its key alone says when, of which subject and which event (<c>{ticks}|{subjectId}|{webhookId}</c>).</summary>
    public static TableEntity OutboxEntry(string shard, DateTimeOffset at, string subjectId, string webhookId) =>
        new(shard, $"{at.UtcTicks:D19}|{subjectId}|{webhookId}");

    /// <summary>An announcement of a notification: a random id in its key, the notification's row key in <see cref="NotificationProperty"/>.</summary>
    public static TableEntity NotificationEntry(string shard, DateTimeOffset at, string dossierId, string notificationKey) =>
        new(shard, $"{at.UtcTicks:D19}|{dossierId}|ntf_{Guid.NewGuid():N}") { [NotificationProperty] = notificationKey };

    /// <summary>
    /// The subject and event an announcement names, read from its key; a notice's subject has '|' in it
    /// (<c>notice|{agencyId}|{date}</c>), so the subject is everything between the time and the last '|'.
    /// </summary>
    public static (string SubjectId, string WebhookId) Announced(TableEntity entry)
    {
        var key = entry.RowKey;
        var (first, last) = (key.IndexOf('|', StringComparison.Ordinal), key.LastIndexOf('|'));
        return (key[(first + 1)..last], key[(last + 1)..]);
    }

    private async Task AnnounceAsync(string subjectId, IReadOnlyCollection<OutboundEventRow> events, IReadOnlyCollection<NotificationRow> notifications,
        CancellationToken cancellationToken)
    {
        if (events.Count + notifications.Count == 0)
        {
            return;
        }

        var (at, shard) = (clock.GetUtcNow(), ShardOf(subjectId));
        var rows = events.Select(e => OutboxEntry(shard, at, subjectId, e.WebhookId))
            .Concat(notifications.Select(n => NotificationEntry(shard, at, subjectId, n.RowKey)))
            .Select(entry => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entry));
        await _outbox.SubmitTransactionAsync(rows, cancellationToken);
    }

    private async Task EnqueueAsync(string subjectId, IEnumerable<OutboundEventRow> events, IEnumerable<NotificationRow> notifications,
        CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(events.Select(e => SendAsync(new DeliverMessage(subjectId, e.WebhookId, 1), null, cancellationToken))
                .Concat(notifications.Select(n => SendAsync(new NotifyMessage(subjectId, n.RowKey), cancellationToken))));
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogWarning(ex, "Could not enqueue the events of {SubjectId}; OutboxSweep will", subjectId);
        }
    }

    /// <summary>One message on <c>deliver</c>, as JSON; the host's queue listener picks it up when it next polls.</summary>
    public Task SendAsync(DeliverMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        deliverQueue.SendMessageAsync(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), delay, cancellationToken: cancellationToken);

    /// <summary>One message on <c>notify</c>, as JSON.</summary>
    public Task SendAsync(NotifyMessage message, CancellationToken cancellationToken) =>
        notifyQueue.SendMessageAsync(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), cancellationToken: cancellationToken);
}

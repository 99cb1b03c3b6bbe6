// The webhooks the portal owes agencies: each is an event row in its dossier's partition, announced in the
// Outbox table before that row is written, then put on the `deliver` queue. See docs/decisions/0003.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Converters;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Webhooks;

/// <summary>Names one attempt at one outbound event; the event row holds everything else.</summary>
[InputConverter(typeof(DeliverMessageConverter))]
public sealed record DeliverMessage(string DossierId, string WebhookId, int Attempt);

internal sealed class Outbox(TableServiceClient tables, [FromKeyedServices(StorageNames.DeliverQueue)] QueueClient deliverQueue,
    TimeProvider clock, ILogger<Outbox> logger)
{
    public const int Shards = 16;

    private readonly TableClient _outbox = tables.GetTableClient(StorageNames.OutboxTable);

    public static OutboundEventRow NewEvent(string dossierId, string type, string agencyId, DateTimeOffset at, string? dataJson = null)
    {
        var webhookId = $"msg_{Guid.NewGuid():N}";
        return new OutboundEventRow
        {
            PartitionKey = dossierId,
            RowKey = OutboundEventRow.KeyFor(webhookId),
            WebhookId = webhookId,
            Type = type,
            AgencyId = agencyId,
            CreatedAt = at,
            DataJson = dataJson,
        };
    }

    /// <summary>
    /// The data of an event that carries files: their ids, which ForwardDossier reads by point reads to link them, and then
    /// drops from the payload. Null for none.
    /// </summary>
    public static JsonObject? AttachmentData(IReadOnlyCollection<FileRow> files) =>
        files.Count == 0 ? null : new JsonObject { ["attachmentIds"] = new JsonArray([.. files.Select(file => (JsonNode)file.FileId)]) };

    /// <summary>A stable shard for a dossier, so all its outbox rows share one partition (one transaction).</summary>
    public static string ShardOf(string dossierId)
    {
        var hash = 2166136261u;
        foreach (var c in dossierId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % Shards).ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>Step 1, before the events' own transaction: announce them, so a crash after it cannot lose them.</summary>
    public async Task AnnounceAsync(string dossierId, IReadOnlyCollection<OutboundEventRow> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var at = clock.GetUtcNow();
        var rows = events.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            OutboxEntry(ShardOf(dossierId), at, dossierId, e.WebhookId)));
        await _outbox.SubmitTransactionAsync(rows, cancellationToken);
    }

    public static TableEntity OutboxEntry(string shard, DateTimeOffset at, string dossierId, string webhookId) =>
        new(shard, $"{at.UtcTicks:D19}|{dossierId}|{webhookId}")
        {
            ["DossierId"] = dossierId,
            ["WebhookId"] = webhookId,
        };

    /// <summary>Step 3: hand the events to ForwardDossier. A failure here is logged, not thrown: OutboxSweep will send them.</summary>
    public async Task EnqueueAsync(string dossierId, IEnumerable<OutboundEventRow> events, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(events.Select(e => SendAsync(new DeliverMessage(dossierId, e.WebhookId, 1), null, cancellationToken)));
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogWarning(ex, "Could not enqueue the events of {DossierId}; OutboxSweep will", dossierId);
        }
    }

    /// <summary>One message on <c>deliver</c>, as JSON; the host's queue listener picks it up when it next polls.</summary>
    public Task SendAsync(DeliverMessage message, TimeSpan? delay, CancellationToken cancellationToken) =>
        deliverQueue.SendMessageAsync(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), delay, cancellationToken: cancellationToken);
}

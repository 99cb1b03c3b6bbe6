// The rows the app wrote for one submitted dossier, read back once: the baselines write copies of them under new keys,
// so their rows have exactly the shape and size of the app's without restating what the app stores.
using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Bench;

/// <summary>One new dossier's rows, as SubmitDossier would write them.</summary>
internal sealed record NewDossier(string Id, string WebhookId, TableEntity OutboxEntry, IReadOnlyList<TableEntity> PartitionRows,
    TableEntity ReceivedIndex, TableEntity DueIndex);

internal sealed class DossierTemplate
{
    private static readonly string[] Keys = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    private readonly TableEntity _dossier;
    private readonly TableEntity _history;
    private readonly TableEntity _delivery;
    private readonly TableEntity _event;
    private readonly TableEntity _receivedIndex;
    private readonly TableEntity _dueIndex;

    private DossierTemplate(TableEntity dossier, TableEntity history, TableEntity delivery, TableEntity ev, TableEntity receivedIndex,
        TableEntity dueIndex)
    {
        (_dossier, _history, _delivery, _event, _receivedIndex, _dueIndex) = (dossier, history, delivery, ev, receivedIndex, dueIndex);
        ActivityTable = StorageNames.ActivityTable(Indexes.VietnamDay(dossier.GetDateTimeOffset("SubmittedAt")!.Value));
        AgencyId = delivery.GetString("AgencyId");
    }

    public string AgencyId { get; }

    /// <summary>The table of the template's day, where the received and forwarded rows of its copies go.</summary>
    public string ActivityTable { get; }

    /// <summary>Reads the rows of <paramref name="dossierId"/>, which the app has just received (not yet forwarded).</summary>
    public static async Task<DossierTemplate> ReadAsync(RawStorage storage, string dossierId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Dossiers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {dossierId}")))
        {
            rows.Add(row);
        }

        TableEntity One(IEnumerable<TableEntity> source, Func<TableEntity, bool> match, string what) =>
            source.SingleOrDefault(match) ?? throw new BenchException($"The app wrote no single {what} row for {dossierId}");
        var dossier = One(rows, r => r.RowKey == DossierRow.Key, "dossier");
        var indexes = new List<TableEntity>();
        var day = Indexes.VietnamDay(dossier.GetDateTimeOffset("SubmittedAt")!.Value);
        foreach (var table in new[] { storage.Indexes, storage.Tables.GetTableClient(StorageNames.ActivityTable(day)) })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ItemId eq {dossierId}")))
            {
                indexes.Add(row);
            }
        }

        return new DossierTemplate(
            dossier,
            One(rows, r => r.RowKey.StartsWith(HistoryRow.Prefix, StringComparison.Ordinal), "history"),
            One(rows, r => r.RowKey.StartsWith(DeliveryRow.Prefix, StringComparison.Ordinal), "delivery"),
            One(rows, r => r.RowKey.StartsWith(OutboundEventRow.Prefix, StringComparison.Ordinal), "event"),
            One(indexes, r => r.PartitionKey.StartsWith("day|", StringComparison.Ordinal), "received index"),
            One(indexes, r => r.PartitionKey.StartsWith("due|", StringComparison.Ordinal), "due index"));
    }

    /// <summary>A dossier id of the app's shape: "HS-" and 12 characters.</summary>
    public static string NewId() => "HS-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));

    public NewDossier Next(DateTimeOffset now)
    {
        var id = NewId();
        var webhookId = $"msg_{Guid.NewGuid():N}";
        var dueAt = now + (_dossier.GetDateTimeOffset("DueAt")!.Value - _dossier.GetDateTimeOffset("SubmittedAt")!.Value);
        var dossier = Copy(_dossier, id, DossierRow.Key);
        dossier["SubmittedAt"] = now;
        dossier["DueAt"] = dueAt;
        dossier["AccessKeyHash"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var history = Copy(_history, id, HistoryRow.KeyFor(now));
        history["At"] = now;
        var delivery = Copy(_delivery, id, DeliveryRow.KeyFor(AgencyId));
        delivery["DeliveryId"] = $"{id}-01";
        delivery["UpdatedAt"] = now;
        var ev = Copy(_event, id, OutboundEventRow.KeyFor(webhookId));
        ev["WebhookId"] = webhookId;
        ev["CreatedAt"] = now;
        // Outbox shards are a hash of the dossier id: uniform, as a random shard is.
        var outbox = Outbox.OutboxEntry(Random.Shared.Next(Outbox.Shards).ToString("D2", CultureInfo.InvariantCulture), now, id, webhookId);
        return new NewDossier(id, webhookId, outbox, [dossier, history, delivery, ev],
            Index(_receivedIndex, _receivedIndex.PartitionKey, $"received|{id}|{AgencyId}", id, now, dueAt),
            Index(_dueIndex, _dueIndex.PartitionKey, $"{id}|{AgencyId}", id, now, dueAt));
    }

    /// <summary>The index row a forward writes: the received row's shape, under the kind "forwarded".</summary>
    public TableEntity ForwardedIndex(string dossierId, DateTimeOffset at, DateTimeOffset dueAt) =>
        Index(_receivedIndex, _receivedIndex.PartitionKey, $"forwarded|{dossierId}|{AgencyId}", dossierId, at, dueAt);

    private static TableEntity Index(TableEntity template, string partition, string rowKey, string dossierId, DateTimeOffset at, DateTimeOffset dueAt)
    {
        var row = Copy(template, partition, rowKey);
        row["ItemId"] = dossierId;
        row["At"] = at;
        row["DueAt"] = dueAt;
        return row;
    }

    private static TableEntity Copy(TableEntity template, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in template.Where(p => !Keys.Contains(p.Key)))
        {
            copy[name] = value;
        }

        return copy;
    }
}

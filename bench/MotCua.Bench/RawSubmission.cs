// SubmitDossier's storage calls for a JSON dossier with one delivery and no Idempotency-Key, done directly:
// announce in the Outbox, the partition's transaction, the deliver message, then the index rows and the status counter.
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using MotCua.Webhooks;

namespace MotCua.Bench;

internal sealed class RawSubmission(RawStorage storage, DossierTemplate template)
{
    /// <summary>The mean time of each call, in the order SubmitDossier makes them.</summary>
    public CallTimes Calls { get; } = new();

    public async Task<NewDossier> SubmitAsync()
    {
        var dossier = template.Next(TimeProvider.System.GetUtcNow());
        await Calls.TimeAsync("outbox tx", () => storage.Outbox.SubmitTransactionAsync([Upsert(dossier.OutboxEntry)]));
        await Calls.TimeAsync("partition tx", () => storage.Dossiers.SubmitTransactionAsync(dossier.PartitionRows.Select(Add)));
        await Calls.TimeAsync("queue send", () => SendAsync(dossier));
        await Task.WhenAll(
            Calls.TimeAsync("index tx (day)", () => storage.Tables.GetTableClient(template.ActivityTable).SubmitTransactionAsync([Upsert(dossier.ReceivedIndex)])),
            Calls.TimeAsync("index tx (due)", () => storage.Indexes.SubmitTransactionAsync([Upsert(dossier.DueIndex)])),
            Calls.TimeAsync("counter read+replace", () => RawCounters.AddAsync(storage.Counters, "total", "status.received", 1)));
        return dossier;
    }

    /// <summary>Just what ForwardDossier reads (the partition and the deliver message), to build a backlog quickly.</summary>
    public async Task<NewDossier> EnqueueAsync()
    {
        var dossier = template.Next(TimeProvider.System.GetUtcNow());
        await storage.Dossiers.SubmitTransactionAsync(dossier.PartitionRows.Select(Add));
        await SendAsync(dossier);
        return dossier;
    }

    private Task<Azure.Response<SendReceipt>> SendAsync(NewDossier dossier) =>
        storage.Deliver.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(new DeliverMessage(dossier.Id, dossier.WebhookId, 1), System.Text.Json.JsonSerializerOptions.Web));

    private static TableTransactionAction Add(TableEntity row) => new(TableTransactionActionType.Add, row);

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);
}

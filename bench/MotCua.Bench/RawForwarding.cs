// ForwardDossier's work for one deliver message on its success path, done directly: the event's point read, then the
// dossier's and the delivery's together, the agency's endpoint row, the same signed POST, the attempt's transaction
// (with the dossier row's touch), the status counters, the day's activity row; then the message is deleted as the
// listener deletes it.
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;
using MotCua.Webhooks;

namespace MotCua.Bench;

/// <param name="calls">Where the mean time of each call goes, in the order ForwardDossier makes them.</param>
internal sealed class RawForwarding(RawStorage storage, DossierTemplate template, HttpClient http, CallTimes calls)
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public async Task ForwardAsync(QueueMessage message)
    {
        var deliver = JsonSerializer.Deserialize<DeliverMessage>(message.Body.ToString(), JsonSerializerOptions.Web)!;
        var ev = await calls.TimeAsync("event read", async () =>
            (await storage.Dossiers.GetEntityAsync<TableEntity>(deliver.SubjectId, OutboundEventRow.KeyFor(deliver.WebhookId))).Value);
        var agencyId = ev.GetString("AgencyId");
        var (dossier, delivery) = await calls.TimeAsync("dossier + delivery reads", async () =>
        {
            var rows = await Task.WhenAll(
                storage.Dossiers.GetEntityAsync<TableEntity>(deliver.SubjectId, DossierRow.Key),
                storage.Dossiers.GetEntityAsync<TableEntity>(deliver.SubjectId, DeliveryRow.KeyFor(agencyId)));
            return (rows[0].Value, rows[1].Value);
        });
        var endpoint = await calls.TimeAsync("agency read", async () => (await storage.Agencies.GetEntityAsync<TableEntity>("agency", agencyId)).Value);

        var now = TimeProvider.System.GetUtcNow();
        var started = TimeProvider.System.GetTimestamp();
        await calls.TimeAsync("signed POST", () =>
            PostAsync(new Uri(endpoint.GetString("WebhookUrl")), endpoint.GetString("Secret"), deliver.WebhookId, now, Payload(dossier, delivery, now)));
        var latency = (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;

        ev["Attempts"] = deliver.Attempt;
        ev["LastAttemptAt"] = now;
        ev["State"] = EventStates.Delivered;
        delivery["Status"] = "forwarded";
        delivery["UpdatedAt"] = now;
        await calls.TimeAsync("attempt tx", () => storage.Dossiers.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, ev, ev.ETag),
            new TableTransactionAction(TableTransactionActionType.Add, new AttemptRow
            {
                PartitionKey = deliver.SubjectId, RowKey = AttemptRow.KeyFor(deliver.WebhookId, deliver.Attempt), WebhookId = deliver.WebhookId,
                AgencyId = agencyId, EventType = ev.GetString("Type"), Attempt = deliver.Attempt, At = now, StatusCode = 204, LatencyMs = latency,
                Success = true,
            }),
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag),
            new TableTransactionAction(TableTransactionActionType.Add, new HistoryRow
            {
                PartitionKey = deliver.SubjectId, RowKey = HistoryRow.KeyFor(now), At = now, Status = "forwarded", AgencyId = agencyId,
            }),
            new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(deliver.SubjectId, DossierRow.Key) { [nameof(DossierRow.ChangedAt)] = now }, ETag.All),
        ]));
        await calls.TimeAsync("counters move", () => Task.WhenAll(
            RawCounters.AddAsync(storage.Counters, "total", "status.received", -1),
            RawCounters.AddAsync(storage.Counters, "total", "status.forwarded", 1)));
        await calls.TimeAsync("index tx", () => storage.Tables.GetTableClient(template.ActivityTable).SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                template.ForwardedIndex(deliver.SubjectId, now, dossier.GetDateTimeOffset("DueAt")!.Value)),
        ]));
        await calls.TimeAsync("delete", () => storage.Deliver.DeleteMessageAsync(message.MessageId, message.PopReceipt));
    }

    /// <summary>The dossier.submitted body ForwardDossier sends, with its fields in the same order.</summary>
    private static byte[] Payload(TableEntity dossier, TableEntity delivery, DateTimeOffset now) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["type"] = "dossier.submitted",
        ["timestamp"] = now,
        ["data"] = new JsonObject
        {
            ["dossierId"] = dossier.PartitionKey,
            ["deliveryId"] = delivery.GetString("DeliveryId"),
            ["procedureCode"] = dossier.GetString("ProcedureCode"),
            ["procedureName"] = dossier.GetString("ProcedureName"),
            ["applicant"] = JsonNode.Parse(dossier.GetString("ApplicantJson")),
            ["fields"] = JsonNode.Parse(dossier.GetString("FieldsJson")),
            ["attachments"] = new JsonArray(),
            ["submittedAt"] = dossier.GetDateTimeOffset("SubmittedAt")!.Value.ToOffset(Vietnam),
            ["dueAt"] = dossier.GetDateTimeOffset("DueAt")!.Value.ToOffset(Vietnam),
        },
    }, JsonSerializerOptions.Web);

    private async Task PostAsync(Uri url, string secret, string webhookId, DateTimeOffset at, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        var timestamp = at.ToUnixTimeSeconds();
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", TestAgency.Sign(secret, webhookId, timestamp, Encoding.UTF8.GetString(body)));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"The agency answered {(int)response.StatusCode}");
        }
    }
}

/// <summary>
/// Drains a queue the way the app's queue listener does: receive a batch, run its messages concurrently, and receive the
/// next batch once no more than the threshold are still running; a batch short of full waits 100 ms before the next poll.
/// </summary>
internal static class Drainer
{
    public static async Task RunAsync(QueueClient queue, int batchSize, int threshold, int expected, Func<QueueMessage, Task> handle)
    {
        var running = new List<Task>();
        var handled = 0;
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(10);
        while (Volatile.Read(ref handled) < expected)
        {
            running.RemoveAll(task => task.IsCompletedSuccessfully);
            if (running.Find(task => task.IsFaulted) is { } failed)
            {
                await failed;
            }

            if (running.Count > threshold)
            {
                await Task.WhenAny(running);
                continue;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new BenchException($"Drained {handled} of {expected} messages in 10 minutes");
            }

            var batch = (await queue.ReceiveMessagesAsync(batchSize, TimeSpan.FromMinutes(10))).Value;
            foreach (var message in batch)
            {
                running.Add(Task.Run(async () =>
                {
                    await handle(message);
                    Interlocked.Increment(ref handled);
                }));
            }

            if (batch.Length < batchSize)
            {
                await Task.Delay(100);
            }
        }

        await Task.WhenAll(running);
    }
}

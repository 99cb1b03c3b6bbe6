// Queue function on `deliver`: sends one attempt of one webhook event to its agency, logs the attempt, and
// schedules the next by the retry schedule (a delayed message) until the schedule runs out.
using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using MotCua.Agencies;
using MotCua.Hosting;
using MotCua.Reporting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace MotCua.Submission;

internal sealed class ForwardDossier(
    TableServiceClient tables,
    AttachmentLinks links,
    AgencyDirectory agencies,
    WebhookSender sender,
    Outbox outbox,
    Indexes indexes,
    Counters counters,
    IOptions<WebhooksOptions> options,
    TimeProvider clock,
    ILogger<ForwardDossier> logger)
{
    public const string SubmittedEvent = "dossier.submitted";
    public const string FeedbackReceivedEvent = "feedback.received";

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(ForwardDossier))]
    public async Task RunAsync(
        [QueueTrigger(StorageNames.DeliverQueue, Connection = StorageAccount.ConnectionSetting)] DeliverMessage message,
        CancellationToken cancellationToken)
    {
        Activity.Current?.SetTag(Telemetry.DossierTag, message.DossierId);
        var found = await _dossiers.GetEntityIfExistsAsync<OutboundEventRow>(message.DossierId, OutboundEventRow.KeyFor(message.WebhookId),
            cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { State: EventStates.Pending } ev || ev.Attempts >= message.Attempt)
        {
            // Already sent, given up, or a duplicate message: at-least-once delivery, so nothing to do.
            return;
        }

        // The event's own details, parsed once: they name the rows to read and go into the payload.
        var details = ev.DataJson is null ? null : JsonNode.Parse(ev.DataJson) as JsonObject;
        var partition = await DossierPartition.LoadRowsAsync(_dossiers, message.DossierId, RowsFor(ev, details), cancellationToken);
        // A dossier's or feedback item's event is about its delivery to the agency; a notice to an agency is about none.
        var delivery = partition.DeliveryFor(ev.AgencyId);
        if (delivery is null && partition.Notice is null)
        {
            return;
        }

        if (delivery is not null && DossierStatus.IsFinal(delivery.Status) && ev.Type != "dossier.withdrawn")
        {
            ev.State = EventStates.Cancelled;
            await _dossiers.UpdateEntityAsync(ev, ev.ETag, TableUpdateMode.Merge, cancellationToken);
            return;
        }

        var endpoint = await agencies.FindAsync(ev.AgencyId, cancellationToken);
        var now = clock.GetUtcNow();
        var attempt = endpoint is null
            ? new DeliveryAttempt(now, null, 0, "agency endpoint not registered")
            : await sender.SendAsync(endpoint.WebhookUrl, ev.WebhookId,
                new WebhookEvent(ev.Type, now, delivery is null
                    ? details ?? []
                    : Payload(partition, ev, details, delivery, partition.Attachments.Count == 0 ? NoLinks : await links.SignerAsync(now, cancellationToken))),
                endpoint.Secrets, cancellationToken);
        var nextDelay = attempt.Success ? null : options.Value.RetrySchedule.NextDelay(message.Attempt);
        if (nextDelay is { } delay)
        {
            // Before recording this attempt: a crash in between repeats the attempt rather than ending the chain.
            await outbox.SendAsync(message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
        }

        await RecordAsync(partition, ev, delivery, message.Attempt, attempt, exhausted: !attempt.Success && nextDelay is null, cancellationToken);
    }

    private async Task RecordAsync(DossierPartition partition, OutboundEventRow ev, DeliveryRow? delivery, int number, DeliveryAttempt attempt,
        bool exhausted, CancellationToken cancellationToken)
    {
        ev.Attempts = number;
        ev.LastAttemptAt = attempt.At;
        ev.State = attempt.Success ? EventStates.Delivered : exhausted ? EventStates.Failed : EventStates.Pending;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, ev, ev.ETag),
            new(TableTransactionActionType.Add, new AttemptRow
            {
                PartitionKey = partition.DossierId,
                RowKey = AttemptRow.KeyFor(ev.WebhookId, number),
                WebhookId = ev.WebhookId,
                AgencyId = ev.AgencyId,
                EventType = ev.Type,
                Attempt = number,
                At = attempt.At,
                StatusCode = attempt.StatusCode,
                LatencyMs = attempt.LatencyMs,
                Error = attempt.Error,
                Success = attempt.Success,
            }),
        };
        // The first delivery moves received → forwarded (or delivery_failed); a replay by ops moves delivery_failed → forwarded.
        var newStatus = delivery is not null && ev.Type is SubmittedEvent or FeedbackReceivedEvent
            ? (delivery.Status, attempt.Success, exhausted) switch
            {
                (DossierStatus.Received or DossierStatus.DeliveryFailed, true, _) => DossierStatus.Forwarded,
                (DossierStatus.Received, false, true) => DossierStatus.DeliveryFailed,
                _ => null,
            }
            : null;
        var oldStatus = delivery?.Status;
        if (newStatus is not null && delivery is not null)
        {
            (delivery.Status, delivery.UpdatedAt) = (newStatus, attempt.At);
            actions.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
            actions.Add(new(TableTransactionActionType.Add, new HistoryRow
            {
                PartitionKey = partition.DossierId,
                RowKey = HistoryRow.KeyFor(attempt.At),
                At = attempt.At,
                Status = newStatus,
                AgencyId = delivery.AgencyId,
            }));
            if (partition.Dossier is not null)
            {
                actions.Add(partition.Touch(attempt.At));
            }
        }

        try
        {
            await _dossiers.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            logger.LogInformation("Attempt {Attempt} of {WebhookId} was already recorded by another invocation", number, ev.WebhookId);
            return;
        }

        if (newStatus is not null && partition.Dossier is { } dossier)
        {
            await counters.MoveAsync(oldStatus, newStatus, cancellationToken: cancellationToken);
            if (newStatus == DossierStatus.Forwarded)
            {
                await indexes.DeliveryForwardedAsync(dossier, ev.AgencyId, attempt.At, cancellationToken);
            }
        }

        if (ev.State == EventStates.Failed)
        {
            await indexes.EventFailedAsync(ev, attempt.At, cancellationToken);
        }

        if (attempt.Success)
        {
            logger.LogInformation("Delivered {EventType} {WebhookId} of {DossierId} to {AgencyId} (attempt {Attempt}, HTTP {StatusCode}, {LatencyMs} ms)",
                ev.Type, ev.WebhookId, partition.DossierId, ev.AgencyId, number, attempt.StatusCode, attempt.LatencyMs);
        }
        else
        {
            logger.LogWarning("Attempt {Attempt} of {EventType} {WebhookId} to {AgencyId} failed: {Error}{Outcome}",
                number, ev.Type, ev.WebhookId, ev.AgencyId, attempt.Error, exhausted ? "; retry schedule exhausted" : "");
        }
    }

    /// <summary>The rows an event's webhook is built from: what it is about, the agency's delivery, and the files it names.</summary>
    private static string[] RowsFor(OutboundEventRow ev, JsonObject? details) =>
    [
        ev.Type switch { FeedbackReceivedEvent => FeedbackRow.Key, OverdueReminder.EventType => NoticeRow.Key, _ => DossierRow.Key },
        DeliveryRow.KeyFor(ev.AgencyId),
        .. details?["attachmentIds"] is JsonArray ids ? ids.Select(id => FileRow.AttachmentPrefix + id!.GetValue<string>()) : [],
    ];

    /// <summary>
    /// The event's <c>data</c>: what API.md lists for its type, built from its rows as they are now, with the event's own
    /// <paramref name="details"/> merged in. (A notice's <c>data</c> is its details alone, built whole when it was written.)
    /// </summary>
    private static JsonObject Payload(DossierPartition partition, OutboundEventRow ev, JsonObject? details, DeliveryRow delivery,
        Func<FileRow, Uri> sign)
    {
        if (partition.Feedback is { } feedback)
        {
            return new JsonObject
            {
                ["feedbackId"] = partition.DossierId,
                ["deliveryId"] = delivery.DeliveryId,
                ["category"] = feedback.Category,
                ["title"] = feedback.Title,
                ["content"] = feedback.Content,
                ["procedureCode"] = feedback.ProcedureCode,
                ["contact"] = JsonNode.Parse(feedback.ContactJson),
                ["consentToPublish"] = feedback.ConsentToPublish,
                ["attachments"] = Links(partition.Attachments, sign),
                ["submittedAt"] = VietnamTime.Of(feedback.SubmittedAt),
            };
        }

        var dossier = partition.Dossier!;
        var data = new JsonObject { ["dossierId"] = partition.DossierId, ["deliveryId"] = delivery.DeliveryId };
        if (ev.Type == SubmittedEvent)
        {
            data["procedureCode"] = dossier.ProcedureCode;
            data["procedureName"] = dossier.ProcedureName;
            data["applicant"] = JsonNode.Parse(dossier.ApplicantJson);
            data["fields"] = JsonNode.Parse(dossier.FieldsJson);
            data["attachments"] = Links(partition.Attachments, sign);
            data["submittedAt"] = VietnamTime.Of(dossier.SubmittedAt);
            data["dueAt"] = VietnamTime.Of(dossier.DueAt);
        }

        // The event's own details: the files it names (read with it by RowsFor; a submission's are listed above already),
        // a supplement's note, a withdrawal's time.
        if (details is { } extra)
        {
            if (extra.Remove("attachmentIds"))
            {
                data["attachments"] ??= Links(partition.Attachments, sign);
            }

            foreach (var (name, value) in extra)
            {
                data[name] = value?.DeepClone();
            }
        }

        return data;
    }

    private static readonly Func<FileRow, Uri> NoLinks = file => throw new InvalidOperationException($"No link signer for {file.FileId}.");

    private static JsonArray Links(IEnumerable<FileRow> files, Func<FileRow, Uri> sign) => [.. files.Select(file => (JsonNode)new JsonObject
    {
        ["id"] = file.FileId,
        ["fileName"] = file.FileName,
        ["contentType"] = file.ContentType,
        ["size"] = file.Size,
        ["sha256"] = file.Sha256,
        ["url"] = sign(file).AbsoluteUri,
    })];
}

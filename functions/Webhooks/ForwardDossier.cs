// Queue function on `deliver`: sends one attempt of one outbound event (a dossier's submission, supplement or
// withdrawal, a feedback item, a notice) to its agency, logs the attempt, and schedules the next by the retry schedule
// (a delayed message) until the schedule runs out. What an attempt means for the delivery's status is the Status
// feature's to say (IDeliveryStatus).
using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using MotCua.Hosting;
using MotCua.Storage;

namespace MotCua.Webhooks;

internal sealed class ForwardDossier(
    TableServiceClient tables,
    AttachmentLinks links,
    AgencyDirectory agencies,
    WebhookSender sender,
    Outbox outbox,
    IDeliveryStatus statuses,
    Indexes indexes,
    IOptions<WebhooksOptions> options,
    TimeProvider clock,
    ILogger<ForwardDossier> logger)
{
    private static readonly Func<FileRow, Uri> NoLinks = file => throw new InvalidOperationException($"No link minted for {file.FileId}.");

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(ForwardDossier))]
    public async Task RunAsync(
        [QueueTrigger(StorageNames.DeliverQueue, Connection = StorageAccount.ConnectionSetting)] DeliverMessage message,
        CancellationToken cancellationToken)
    {
        Activity.Current?.SetTag(Telemetry.DossierTag, message.SubjectId);
        var found = await _dossiers.GetEntityIfExistsAsync<OutboundEventRow>(message.SubjectId, OutboundEventRow.KeyFor(message.WebhookId),
            cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { State: EventStates.Pending } ev || ev.Attempts >= message.Attempt)
        {
            // Already sent, given up, or a duplicate message: at-least-once delivery, so nothing to do.
            return;
        }

        // The event's own details, parsed once: they name the rows to read and go into the payload.
        var details = ev.DataJson is null ? null : JsonNode.Parse(ev.DataJson) as JsonObject;
        var partition = await DossierPartition.LoadRowsAsync(_dossiers, message.SubjectId, WebhookPayloads.RowKeysFor(ev, details), cancellationToken);
        // A dossier's or feedback item's event is about its delivery to the agency; a notice to an agency is about none.
        var delivery = partition.DeliveryFor(ev.AgencyId);
        if (delivery is null && partition.Notice is null)
        {
            return;
        }

        if (delivery is not null && !statuses.IsOwed(ev.Type, delivery.Status))
        {
            ev.State = EventStates.Cancelled;
            await _dossiers.UpdateEntityAsync(ev, ev.ETag, TableUpdateMode.Merge, cancellationToken);
            return;
        }

        var attempt = await SendAsync(partition, ev, details, delivery, cancellationToken);
        var outcome = DeliveryOutcome.After(attempt.Success, message.Attempt, options.Value.RetrySchedule);
        if (outcome.RetryAfter is { } delay)
        {
            // Before recording this attempt: a crash in between repeats the attempt rather than ending the chain.
            await outbox.SendAsync(message with { Attempt = message.Attempt + 1 }, delay, cancellationToken);
        }

        await RecordAsync(partition, ev, delivery, message.Attempt, attempt, outcome, cancellationToken);
    }

    private async Task<DeliveryAttempt> SendAsync(DossierPartition partition, OutboundEventRow ev, JsonObject? details, DeliveryRow? delivery,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await agencies.FindAsync(ev.AgencyId, cancellationToken) is not { } endpoint)
        {
            return new DeliveryAttempt(now, null, 0, "agency endpoint not registered");
        }

        // The files it carries get portal links of this attempt, each bound to this agency (one FileLinks write per file).
        var link = partition.Attachments.Count == 0
            ? NoLinks
            : await links.MintAsync(partition.DossierId, partition.Attachments,
                new FileLinkGrant(endpoint.AgencyId, endpoint.Name, WebhookPayloads.PurposeOf(partition), partition.Dossier?.AccountId), now, cancellationToken);
        var data = WebhookPayloads.Build(partition, ev, details, delivery, link);
        return await sender.SendAsync(endpoint.WebhookUrl, ev.WebhookId, new WebhookEvent(ev.Type, now, data), endpoint.Secrets, cancellationToken);
    }

    /// <summary>
    /// The event's new state and the attempt's log row, and the delivery's move if the attempt makes one (with its history step),
    /// in one transaction guarded by the ETags read: a second invocation of the same attempt fails it and changes nothing.
    /// </summary>
    private async Task RecordAsync(DossierPartition partition, OutboundEventRow ev, DeliveryRow? delivery, int number, DeliveryAttempt attempt,
        DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var from = delivery?.Status;
        var to = delivery is null ? null : statuses.After(ev.Type, delivery.Status, outcome);
        try
        {
            var changes = Changes(partition, ev, delivery, to, number, attempt, outcome);
            // A move the applicant hears of (a failed delivery) is written with its e-mail.
            NotificationRow?[] told = [to is not null && partition.Dossier is { } moved ? statuses.Notification(moved, delivery!, attempt.At) : null];
            await outbox.CommitAsync(partition.DossierId, changes, [], [.. told.OfType<NotificationRow>()], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            logger.LogInformation("Attempt {Attempt} of {WebhookId} was already recorded by another invocation", number, ev.WebhookId);
            return;
        }

        if (from is not null && to is not null && partition.Dossier is { } dossier)
        {
            await statuses.MovedAsync(dossier, ev.AgencyId, from, to, attempt.At, cancellationToken);
        }

        if (outcome.Exhausted)
        {
            await indexes.EventFailedAsync(ev, attempt.At, cancellationToken);
        }

        Log(partition.DossierId, ev, number, attempt, outcome);
    }

    /// <summary>
    /// The event's new state and the attempt's log row; and when the attempt moves the delivery <paramref name="to"/> a new
    /// status, the move, its history step and (for a dossier) the dossier's stamp.
    /// </summary>
    internal static List<TableTransactionAction> Changes(DossierPartition partition, OutboundEventRow ev, DeliveryRow? delivery, string? to,
        int number, DeliveryAttempt attempt, DeliveryOutcome outcome)
    {
        (ev.Attempts, ev.LastAttemptAt, ev.State) = (number, attempt.At, outcome.State);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, ev, ev.ETag),
            new(TableTransactionActionType.Add, LogRow(partition.DossierId, ev, number, attempt)),
        };
        if (delivery is not null && to is not null)
        {
            (delivery.Status, delivery.UpdatedAt) = (to, attempt.At);
            actions.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
            actions.Add(new(TableTransactionActionType.Add, HistoryRow.Of(partition.DossierId, attempt.At, to, delivery.AgencyId)));
            if (partition.Dossier is not null)
            {
                actions.Add(partition.Touch(attempt.At));
            }
        }

        return actions;
    }

    private static AttemptRow LogRow(string subjectId, OutboundEventRow ev, int number, DeliveryAttempt attempt) => new()
    {
        PartitionKey = subjectId,
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
    };

    private void Log(string subjectId, OutboundEventRow ev, int number, DeliveryAttempt attempt, DeliveryOutcome outcome)
    {
        if (attempt.Success)
        {
            logger.LogInformation("Delivered {EventType} {WebhookId} of {SubjectId} to {AgencyId} (attempt {Attempt}, HTTP {StatusCode}, {LatencyMs} ms)",
                ev.Type, ev.WebhookId, subjectId, ev.AgencyId, number, attempt.StatusCode, attempt.LatencyMs);
        }
        else
        {
            logger.LogWarning("Attempt {Attempt} of {EventType} {WebhookId} to {AgencyId} failed: {Error}{Outcome}",
                number, ev.Type, ev.WebhookId, ev.AgencyId, attempt.Error, outcome.Exhausted ? "; retry schedule exhausted" : "");
        }
    }
}

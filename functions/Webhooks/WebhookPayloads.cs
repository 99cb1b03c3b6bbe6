// The `data` of each outbound event, as API.md lists it for its type, built from the rows of its subject's partition as
// they are at the attempt: plain functions of rows, so the payload of every type is tested without storage.
using System.Text.Json.Nodes;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Webhooks;

internal static class WebhookPayloads
{
    /// <summary>The event data's list of the files it carries, which <see cref="RowKeysFor"/> reads and the payload replaces by links.</summary>
    private const string AttachmentIds = "attachmentIds";

    /// <summary>
    /// The data an event that carries files is written with: their ids, read by point reads at each attempt to link them.
    /// Null for none.
    /// </summary>
    public static JsonObject? AttachmentData(IReadOnlyCollection<FileRow> files) =>
        files.Count == 0 ? null : new JsonObject { [AttachmentIds] = new JsonArray([.. files.Select(file => (JsonNode)file.FileId)]) };

    /// <summary>The rows an event's webhook is built from: what it is about, the agency's delivery, and the files it names.</summary>
    public static string[] RowKeysFor(OutboundEventRow ev, JsonObject? details) =>
    [
        ev.Type switch { WebhookEvents.FeedbackReceived => FeedbackRow.Key, WebhookEvents.DossierOverdueReminder => NoticeRow.Key, _ => DossierRow.Key },
        DeliveryRow.KeyFor(ev.AgencyId),
        .. details?[AttachmentIds] is JsonArray ids ? ids.Select(id => FileRow.AttachmentPrefix + id!.GetValue<string>()) : [],
    ];

    /// <summary>
    /// The event's <c>data</c>: for a notice to an agency (no delivery), its details as written; otherwise what API.md lists
    /// for its type, built from the partition's rows as they are now, with the event's own <paramref name="details"/> merged in.
    /// </summary>
    /// <param name="link">The portal link to one of the files, for this agency, valid for as long as API.md promises.</param>
    public static JsonObject Build(DossierPartition partition, OutboundEventRow ev, JsonObject? details, DeliveryRow? delivery, Func<FileRow, Uri> link)
    {
        if (delivery is null)
        {
            return details ?? [];
        }

        if (partition.Feedback is { } feedback)
        {
            return FeedbackData(partition, feedback, delivery, link);
        }

        var data = new JsonObject { ["dossierId"] = partition.DossierId, ["deliveryId"] = delivery.DeliveryId };
        if (ev.Type == WebhookEvents.DossierSubmitted && partition.Dossier is { } dossier)
        {
            data["procedureCode"] = dossier.ProcedureCode;
            data["procedureName"] = dossier.ProcedureName;
            data["applicant"] = JsonNode.Parse(dossier.ApplicantJson);
            data["fields"] = JsonNode.Parse(dossier.FieldsJson);
            data["attachments"] = Links(partition.Attachments, link);
            data["submittedAt"] = VietnamTime.Of(dossier.SubmittedAt);
            data["dueAt"] = VietnamTime.Of(dossier.DueAt);
        }

        // The event's own details: the files it names (read with it by RowKeysFor; a submission's are listed above already),
        // a supplement's note, a withdrawal's time.
        foreach (var (name, value) in details ?? [])
        {
            if (name == AttachmentIds)
            {
                data["attachments"] ??= Links(partition.Attachments, link);
            }
            else
            {
                data[name] = value?.DeepClone();
            }
        }

        return data;
    }

    /// <summary>Why the agency reads the files it is sent, in Vietnamese, as each read is logged for the citizen.</summary>
    public static string PurposeOf(DossierPartition partition) => partition switch
    {
        { Dossier: { } dossier } => $"Giải quyết hồ sơ {dossier.ProcedureName}",
        { Feedback: not null } => "Giải quyết phản ánh, kiến nghị",
        _ => "",
    };

    /// <summary>feedback.received: the feedback item whole, with its contact and links to its files.</summary>
    private static JsonObject FeedbackData(DossierPartition partition, FeedbackRow feedback, DeliveryRow delivery, Func<FileRow, Uri> link) => new()
    {
        ["feedbackId"] = partition.DossierId,
        ["deliveryId"] = delivery.DeliveryId,
        ["category"] = feedback.Category,
        ["title"] = feedback.Title,
        ["content"] = feedback.Content,
        ["procedureCode"] = feedback.ProcedureCode,
        ["contact"] = JsonNode.Parse(feedback.ContactJson),
        ["consentToPublish"] = feedback.ConsentToPublish,
        ["attachments"] = Links(partition.Attachments, link),
        ["submittedAt"] = VietnamTime.Of(feedback.SubmittedAt),
    };

    private static JsonArray Links(IEnumerable<FileRow> files, Func<FileRow, Uri> link) => [.. files.Select(file => (JsonNode)new JsonObject
    {
        ["id"] = file.FileId,
        ["fileName"] = file.FileName,
        ["contentType"] = file.ContentType,
        ["size"] = file.Size,
        ["sha256"] = file.Sha256,
        ["url"] = link(file).AbsoluteUri,
    })];
}

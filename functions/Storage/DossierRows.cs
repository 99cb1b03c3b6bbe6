// The rows of a dossier's partition (PartitionKey = dossier id). Everything GET /api/dossiers/{id} shows,
// and everything a status change touches, lives in one partition, so a lookup is one query (or, while nothing has
// changed, one point read of the dossier row: decision 0008) and a change is one entity-group transaction.

namespace MotCua.Storage;

/// <summary>A row of a dossier's partition; <see cref="DossierPartition"/> sorts them by row-key prefix.</summary>
public abstract class DossierPartitionRow : TableRow;

/// <summary>RowKey <c>dossier</c>: what was submitted. The status is derived from the deliveries, never stored twice.</summary>
public sealed class DossierRow : DossierPartitionRow
{
    public const string Key = "dossier";

    public string ProcedureCode { get; set; } = "";

    public string ProcedureName { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>SHA-256 of the citizen's access key; the key itself is never stored.</summary>
    public string AccessKeyHash { get; set; } = "";

    /// <summary>The hashed Idempotency-Key it was submitted with, so a retry resumes only its own dossier.</summary>
    public string? IdempotencyKeyHash { get; set; }

    public string ApplicantFullName { get; set; } = "";

    /// <summary>The identity number or tax code, masked, for display.</summary>
    public string ApplicantIdMasked { get; set; } = "";

    /// <summary>The applicant object as submitted (JSON); sent only to the agencies handling the dossier.</summary>
    public string ApplicantJson { get; set; } = "{}";

    public string FieldsJson { get; set; } = "{}";

    /// <summary>
    /// When something the citizen sees last changed. Every such change stamps it in its own transaction
    /// (<see cref="DossierPartition.Touch"/>), which moves this row's ETag: the lookup's cached view is valid while that ETag is.
    /// </summary>
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>The account that submitted it signed in (table Accounts), or null: it then opens with its access key only.</summary>
    public string? AccountId { get; set; }

    /// <summary>
    /// Whether the applicant is told of its progress by e-mail: they gave an address and did not opt out (<c>"notify": false</c>).
    /// False for dossiers stored before notifications existed.
    /// </summary>
    public bool Notify { get; set; }
}

/// <summary>RowKey <c>delivery|{agencyId}</c>: the dossier's journey at one agency.</summary>
public sealed class DeliveryRow : DossierPartitionRow
{
    public const string Prefix = "delivery|";

    public static string KeyFor(string agencyId) => Prefix + agencyId;

    /// <summary><c>{dossierId}-{nn}</c>: readable, and leads back to its partition.</summary>
    public string DeliveryId { get; set; } = "";

    public string AgencyId { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset? SupplementRequestedAt { get; set; }

    public DateTimeOffset? SupplementReceivedAt { get; set; }
}

/// <summary>RowKey <c>history|{ticks}|{suffix}</c>: one step of the journey, in time order.</summary>
public sealed class HistoryRow : DossierPartitionRow
{
    public const string Prefix = "history|";

    public static string KeyFor(DateTimeOffset at) => $"{Prefix}{at.UtcTicks:D19}|{Guid.NewGuid():N}";

    /// <summary>A step of <paramref name="partitionKey"/>'s journey at <paramref name="at"/>, at one agency or (null) the whole dossier.</summary>
    public static HistoryRow Of(string partitionKey, DateTimeOffset at, string status, string? agencyId, string? note = null) => new()
    {
        PartitionKey = partitionKey, RowKey = KeyFor(at), At = at, Status = status, AgencyId = agencyId, Note = note,
    };

    public DateTimeOffset At { get; set; }

    public string Status { get; set; } = "";

    public string? AgencyId { get; set; }

    public string? Note { get; set; }
}

/// <summary>RowKey <c>attachment|{id}</c> (citizen's documents) or <c>result|{id}</c> (the agency's results).</summary>
public sealed class FileRow : DossierPartitionRow
{
    public const string AttachmentPrefix = "attachment|";
    public const string ResultPrefix = "result|";

    public string FileId { get; set; } = "";

    /// <summary>The procedure document this file answers (attachments), or the issuing agency (results).</summary>
    public string Source { get; set; } = "";

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public string Sha256 { get; set; } = "";

    public string Container { get; set; } = "";

    public string BlobName { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>In a dossier of an account, the account's document this file is (its own upload, or a document reused).</summary>
    public string? DocumentId { get; set; }
}

/// <summary>
/// RowKey <c>event|{webhookId}</c>: one webhook the portal owes an agency. Its id is the <c>webhook-id</c> on
/// every attempt; Attempts advances with an ETag so a duplicated queue message cannot send a step twice.
/// </summary>
public sealed class OutboundEventRow : DossierPartitionRow
{
    public const string Prefix = "event|";

    public static string KeyFor(string webhookId) => Prefix + webhookId;

    public string WebhookId { get; set; } = "";

    public string Type { get; set; } = "";

    public string AgencyId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    /// <summary><c>pending</c>, <c>delivered</c>, <c>failed</c> (schedule exhausted) or <c>cancelled</c> (no longer owed).</summary>
    public string State { get; set; } = EventStates.Pending;

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>Extra payload for this event (JSON object), merged into <c>data</c>.</summary>
    public string? DataJson { get; set; }
}

public static class EventStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>RowKey <c>attempt|{webhookId}|{nn}</c>: the delivery log, one row per attempt.</summary>
public sealed class AttemptRow : DossierPartitionRow
{
    public const string Prefix = "attempt|";

    public static string KeyFor(string webhookId, int attempt) => $"{Prefix}{webhookId}|{attempt:D2}";

    public string WebhookId { get; set; } = "";

    public string AgencyId { get; set; } = "";

    public string EventType { get; set; } = "";

    public int Attempt { get; set; }

    public DateTimeOffset At { get; set; }

    public int? StatusCode { get; set; }

    public long LatencyMs { get; set; }

    public string? Error { get; set; }

    public bool Success { get; set; }
}

/// <summary>
/// RowKey <c>inbound|{agencyId}|{webhookId}</c>: an agency event already applied. Added in the same transaction as
/// its effect, so a replayed webhook-id fails the transaction and changes nothing.
/// </summary>
public sealed class InboundEventRow : DossierPartitionRow
{
    public static string KeyFor(string agencyId, string webhookId) => $"inbound|{agencyId}|{webhookId}";

    public string Type { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>RowKey <c>feedback</c>: a phản ánh, kiến nghị, in its own partition (PartitionKey = feedback id).</summary>
public sealed class FeedbackRow : DossierPartitionRow
{
    public const string Key = "feedback";

    /// <summary><c>regulation</c>, <c>conduct</c> or <c>procedure</c>.</summary>
    public string Category { get; set; } = "";

    public string Title { get; set; } = "";

    public string Content { get; set; } = "";

    public string? ProcedureCode { get; set; }

    /// <summary>The agency the feedback was routed to, which alone may answer it.</summary>
    public string AgencyId { get; set; } = "";

    /// <summary>The contact object as given (JSON); sent only to the agency, never published.</summary>
    public string ContactJson { get; set; } = "{}";

    public bool ConsentToPublish { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public string AccessKeyHash { get; set; } = "";

    public string? Answer { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>
/// RowKey <c>notice</c>, alone in partition <c>notice|{agencyId}|{yyyy-MM-dd}</c>: a notice the portal owes an agency about no
/// single case (the day's overdue reminder). Added in one transaction with its event, so a second writer the same day fails
/// instead of sending twice; the event's <see cref="OutboundEventRow.DataJson"/> is its whole <c>data</c>.
/// </summary>
public sealed class NoticeRow : DossierPartitionRow
{
    public const string Key = "notice";

    public static string PartitionKeyFor(string agencyId, DateOnly date) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"notice|{agencyId}|{date:yyyy-MM-dd}");

    public string AgencyId { get; set; } = "";

    public string WebhookId { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>RowKey <c>rating</c> in a dossier's partition: the applicant's satisfaction, given once.</summary>
public sealed class RatingRow : DossierPartitionRow
{
    public const string Key = "rating";

    public int Score { get; set; }

    public string? Comment { get; set; }

    public DateTimeOffset RatedAt { get; set; }
}

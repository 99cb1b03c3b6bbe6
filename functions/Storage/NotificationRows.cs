// What the applicant is told, as rows of the dossier's partition written in the same transaction as the change they tell of,
// and the `notify` message that names one. The Notifications feature sends them; the outbox announces and sweeps them
// (docs/decisions/0015).
namespace MotCua.Storage;

/// <summary>The events an applicant hears of (API.md, Notifications), in one place.</summary>
public static class NotificationEvents
{
    public const string Received = "received";
    public const string Accepted = "accepted";
    public const string SupplementRequested = "supplement_requested";
    public const string FeeDue = "fee_due";
    public const string FeePaid = "fee_paid";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string DeliveryFailed = "delivery_failed";
}

public static class NotificationStates
{
    public const string Pending = "pending";

    /// <summary>Claimed by one invocation, which is talking to the SMTP server (<see cref="NotificationRow.ClaimedAt"/>).</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";

    /// <summary>Every attempt the queue allows failed; listed for ops.</summary>
    public const string Failed = "failed";
}

/// <summary>Names one notification to send: its dossier and its row.</summary>
public sealed record NotifyMessage(string DossierId, string NotificationKey);

/// <summary>
/// RowKey <c>notification|{event}</c> or <c>notification|{event}|{occurrence}</c> (the agency, the payment, the agency and the
/// time of a supplement request): one e-mail to the applicant. The key is the event's, so a second write of the same event fails
/// its transaction (409) and the applicant hears of it once.
/// </summary>
public sealed class NotificationRow : DossierPartitionRow
{
    public const string Prefix = "notification|";

    /// <summary>How long a claim holds: longer than one SMTP conversation may take (<c>NotificationsOptions.Timeout</c>, at most a minute).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public static string KeyFor(string eventName, string? occurrence = null) =>
        occurrence is null ? Prefix + eventName : $"{Prefix}{eventName}|{occurrence}";

    /// <summary>
    /// The notification of <paramref name="eventName"/> for <paramref name="dossier"/>, or null when its applicant is not told by
    /// e-mail (no address, or <c>"notify": false</c>).
    /// </summary>
    /// <param name="accessKey">The receipt only: the key its tracking link carries, removed from the row once sent.</param>
    /// <param name="agencyId">The agency the event comes from, if one does.</param>
    /// <param name="note">What the agency wrote with it (what to supplement, why it refused), told as written.</param>
    public static NotificationRow? For(DossierRow dossier, string eventName, string? occurrence, string? agencyId, DateTimeOffset at,
        string? accessKey = null, string? note = null) =>
        !dossier.Notify ? null : new NotificationRow
        {
            PartitionKey = dossier.PartitionKey,
            RowKey = KeyFor(eventName, occurrence),
            Event = eventName,
            AgencyId = agencyId,
            CreatedAt = at,
            AccessKey = accessKey,
            Note = note,
        };

    public string Event { get; set; } = "";

    /// <summary>The agency the event came from, when one did (its name goes into the e-mail).</summary>
    public string? AgencyId { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string State { get; set; } = NotificationStates.Pending;

    /// <summary>Attempts made (the queue message's dequeue count of the last one).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>Why the last attempt failed (the SMTP server's reply or the connection error), for ops.</summary>
    public string? LastError { get; set; }

    /// <summary>The dossier's access key, on the receipt only and only until it is sent or given up (then removed, not kept).</summary>
    public string? AccessKey { get; set; }

    /// <summary>
    /// Whether the sweep must put it on the queue again: never attempted (its enqueue was lost), or claimed by an invocation that
    /// died mid-send (its claim is older than the lease). One being retried by the queue has attempts and no live claim.
    /// </summary>
    public bool IsStalled(DateTimeOffset now) => State switch
    {
        NotificationStates.Pending => Attempts == 0,
        NotificationStates.Sending => ClaimedAt is not { } claimed || now - claimed > ClaimLease,
        _ => false,
    };
}

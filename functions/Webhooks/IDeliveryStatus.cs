using MotCua.Storage;

namespace MotCua.Webhooks;

/// <summary>
/// What an outbound event means for the delivery it is about. Webhooks knows nothing of statuses: the feature that owns
/// them (Status/DeliveryStatus) says whether an event is still owed and how an attempt moves the delivery.
/// </summary>
internal interface IDeliveryStatus
{
    /// <summary>Whether an event of <paramref name="eventType"/> is still owed to an agency whose delivery is in <paramref name="status"/>.</summary>
    bool IsOwed(string eventType, string status);

    /// <summary>The delivery's status after an attempt at an event of <paramref name="eventType"/>; null when it does not move.</summary>
    string? After(string eventType, string status, DeliveryOutcome outcome);

    /// <summary>The e-mail the applicant is owed for <paramref name="delivery"/>'s move to its present status, or null.</summary>
    NotificationRow? Notification(DossierRow dossier, DeliveryRow delivery, DateTimeOffset at);

    /// <summary>After the attempt's transaction moved a dossier's delivery from <paramref name="from"/> to <paramref name="to"/>: counters and indexes.</summary>
    Task MovedAsync(DossierRow dossier, string agencyId, string from, string to, DateTimeOffset at, CancellationToken cancellationToken);
}

// What forwarding's attempts mean for a delivery's status (IDeliveryStatus, which Webhooks asks), by the state machine.
using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Status;

internal sealed class DeliveryStatus(Counters counters, Indexes indexes, AccountDossiers accountDossiers) : IDeliveryStatus
{
    /// <summary>A delivery at its end (approved, rejected, withdrawn) is owed nothing more but the news of a withdrawal or of money.</summary>
    public bool IsOwed(string eventType, string status) => !DossierStatus.IsFinal(status)
        || eventType is WebhookEvents.DossierWithdrawn or WebhookEvents.DossierPaymentReceived or WebhookEvents.DossierPaymentRefunded;

    /// <summary>Only forwarding a submission or a feedback item moves a delivery; later events leave its status to the agency.</summary>
    public string? After(string eventType, string status, DeliveryOutcome outcome) =>
        eventType is WebhookEvents.DossierSubmitted or WebhookEvents.FeedbackReceived
            ? DossierStatus.AfterForwarding(status, outcome.Delivered, outcome.Exhausted)
            : null;

    public NotificationRow? Notification(DossierRow dossier, DeliveryRow delivery, DateTimeOffset at) => DossierStatus.Notification(dossier, delivery, at);

    public async Task MovedAsync(DossierRow dossier, string agencyId, string from, string to, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await counters.MoveAsync(from, to, cancellationToken: cancellationToken);
        if (to == DossierStatus.Forwarded)
        {
            await indexes.DeliveryForwardedAsync(dossier, agencyId, at, cancellationToken);
        }

        await accountDossiers.RefreshAsync(dossier, cancellationToken);
    }
}

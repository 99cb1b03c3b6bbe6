// The event types of API.md, in one place: what the portal sends agencies and what agencies send back.
namespace MotCua.Webhooks;

internal static class WebhookEvents
{
    // Sent to agencies, each from its dossier's, feedback item's or notice's partition through the outbox.
    public const string DossierSubmitted = "dossier.submitted";
    public const string DossierSupplemented = "dossier.supplemented";
    public const string DossierWithdrawn = "dossier.withdrawn";
    public const string DossierOverdueReminder = "dossier.overdue_reminder";
    public const string FeedbackReceived = "feedback.received";
    public const string DossierPaymentReceived = "dossier.payment_received";
    public const string DossierPaymentRefunded = "dossier.payment_refunded";
    public const string DossierConsentWithdrawn = "dossier.consent_withdrawn";

    // Received from agencies on POST /api/agencies/{agencyId}/events.
    public const string DossierStatusChanged = "dossier.status_changed";
    public const string DossierResultIssued = "dossier.result_issued";
    public const string FeedbackAnswered = "feedback.answered";
    public const string DossierPaymentRequested = "dossier.payment_requested";
}

// Sends one notification at most once per claim: the row is claimed with its ETag (a duplicate message running alongside gets a
// 412 and leaves it), the e-mail handed to the SMTP server, then the row marked sent (the receipt's access key removed) with the
// claim's ETag. A failure is recorded and thrown, so the queue tries again; the last attempt the queue allows marks it failed and
// lists it for ops. The one gap, a crash between the server's acceptance and the mark, resends once (docs/decisions/0015).
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using MailKit.Net.Smtp;
using MotCua.Catalog;
using MotCua.Storage;

namespace MotCua.Notifications;

internal sealed class NotificationSender(TableServiceClient tables, SmtpMailer mailer, NotificationMail mail, ProcedureCatalog catalog,
    Indexes indexes, IConfiguration configuration, TimeProvider clock, ILogger<NotificationSender> logger)
{
    /// <summary>host.json's <c>extensions.queues.maxDequeueCount</c>, which the host's setting of the same name overrides.</summary>
    public const int DefaultMaxDequeueCount = 5;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    private readonly int _maxAttempts = configuration.GetValue("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", DefaultMaxDequeueCount);

    /// <param name="attempt">The queue message's dequeue count: the last the host allows is the last attempt.</param>
    public async Task SendAsync(NotifyMessage message, int attempt, CancellationToken cancellationToken)
    {
        var found = await _dossiers.GetEntityIfExistsAsync<NotificationRow>(message.DossierId, message.NotificationKey, cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } notification || notification.State == NotificationStates.Sent)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (notification.State == NotificationStates.Sending && !notification.IsStalled(now))
        {
            // Another invocation holds it; if that one dies, OutboxSweep finds the claim stale and enqueues it again.
            return;
        }

        if (await FactsAsync(notification, cancellationToken) is not { } facts || !await ClaimAsync(notification, now, cancellationToken))
        {
            return;
        }

        try
        {
            await mailer.SendAsync(mail.Compose(facts), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await FailedAsync(notification, attempt, Reason(ex, facts.Email), cancellationToken);
            throw;
        }

        notification.State = NotificationStates.Sent;
        notification.SentAt = clock.GetUtcNow();
        await MarkAsync(notification, attempt, cancellationToken);
        logger.LogInformation("Sent the {Event} e-mail of {DossierId} (attempt {Attempt})", notification.Event, message.DossierId, attempt);
    }

    /// <summary>What the e-mail tells, read by point reads; null when the dossier or its address is gone (nothing to send).</summary>
    private async Task<NotificationFacts?> FactsAsync(NotificationRow notification, CancellationToken cancellationToken)
    {
        var dossierRead = _dossiers.GetEntityIfExistsAsync<DossierRow>(notification.PartitionKey, DossierRow.Key, cancellationToken: cancellationToken);
        var paymentId = notification.Event is NotificationEvents.FeeDue or NotificationEvents.FeePaid ? notification.RowKey.Split('|')[^1] : null;
        var payment = paymentId is null
            ? null
            : await _dossiers.GetEntityIfExistsAsync<PaymentRow>(notification.PartitionKey, PaymentRow.KeyFor(paymentId), cancellationToken: cancellationToken);
        var dossier = await dossierRead;
        if (!dossier.HasValue || dossier.Value is not { } row || Email(row.ApplicantJson) is not { } email)
        {
            return null;
        }

        var agencyName = notification.AgencyId is { } agencyId ? catalog.FindAgency(agencyId)?.Name ?? agencyId : null;
        return new NotificationFacts(notification, row, email, agencyName, payment is { HasValue: true } ? payment.Value : null);
    }

    private static string? Email(string applicantJson) =>
        JsonDocument.Parse(applicantJson).RootElement.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
            ? email.GetString()
            : null;

    /// <summary>Takes the notification for this invocation; false when another took it first.</summary>
    private async Task<bool> ClaimAsync(NotificationRow notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (notification.State, notification.ClaimedAt) = (NotificationStates.Sending, now);
        try
        {
            var claimed = await _dossiers.UpdateEntityAsync(notification, notification.ETag, TableUpdateMode.Merge, cancellationToken);
            notification.ETag = claimed.Headers.ETag ?? notification.ETag;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            logger.LogInformation("The {Event} e-mail of {DossierId} was claimed by another invocation", notification.Event, notification.PartitionKey);
            return false;
        }
    }

    private async Task FailedAsync(NotificationRow notification, int attempt, string reason, CancellationToken cancellationToken)
    {
        var last = attempt >= _maxAttempts;
        notification.State = last ? NotificationStates.Failed : NotificationStates.Pending;
        notification.LastError = reason;
        await MarkAsync(notification, attempt, cancellationToken);
        if (last)
        {
            await indexes.NotificationFailedAsync(notification, clock.GetUtcNow(), cancellationToken);
        }

        logger.LogWarning("Attempt {Attempt} of the {Event} e-mail of {DossierId} failed{Outcome}", attempt, notification.Event, notification.PartitionKey,
            last ? "; given up, listed for ops" : "; the queue tries again");
    }

    /// <summary>
    /// The outcome of this claim, written over the row with the claim's ETag (so the receipt's access key goes once sent or given up;
    /// while it is retried it stays, as the e-mail still needs it). The dossier row is not stamped: a lookup keeps no view while a
    /// notification is under way (GetDossier), so none shows a stale state, and the sender adds no write to the dossier's row.
    /// </summary>
    private async Task MarkAsync(NotificationRow notification, int attempt, CancellationToken cancellationToken)
    {
        (notification.Attempts, notification.LastAttemptAt, notification.ClaimedAt) = (attempt, clock.GetUtcNow(), null);
        if (notification.State is NotificationStates.Sent or NotificationStates.Failed)
        {
            notification.AccessKey = null;
        }

        try
        {
            await _dossiers.UpdateEntityAsync(notification, notification.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            logger.LogWarning("The {Event} e-mail of {DossierId} was taken over after its claim ran out; it may have gone twice",
                notification.Event, notification.PartitionKey);
        }
    }

    /// <summary>Why an attempt failed, for ops, without the applicant's address (SMTP replies often quote it).</summary>
    internal static string Reason(Exception ex, string email)
    {
        var reason = ex is SmtpCommandException command ? $"SMTP {(int)command.StatusCode}: {command.Message}" : $"{ex.GetType().Name}: {ex.Message}";
        reason = reason.Replace(email, "<người nhận>", StringComparison.OrdinalIgnoreCase);
        return reason.Length > 500 ? reason[..500] : reason;
    }
}

// Settles a checkout attempt by what the gateway says (an IPN, or querydr from reconciliation or a new checkout): the attempt,
// its payment and what the payment releases, in one transaction of the dossier's partition guarded by their ETags, so a
// repeated or concurrent report settles once. A paid fee releases the dossier: its deliveries move to received and are
// announced to the agencies (dossier.submitted lists the payment); a paid agency charge is announced to that agency.
using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using MotCua.Catalog;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Payments;

internal enum Settlement
{
    /// <summary>The report was applied now.</summary>
    Applied,

    /// <summary>The attempt was settled before: nothing changed (but the report is kept).</summary>
    AlreadySettled,

    /// <summary>No such attempt.</summary>
    Unknown,

    /// <summary>The gateway's amount is not the attempt's: nothing changed (but the report is kept).</summary>
    WrongAmount,

    /// <summary>Other writers kept changing the dossier; the gateway should report again.</summary>
    Busy,
}

/// <summary>
/// What one settlement writes: the transaction's actions, the events it announces, the deliveries a fee released, and the agency the
/// money was collected for (null when none was: a failure, a mismatch).
/// </summary>
internal sealed record SettlementChanges(List<TableTransactionAction> Actions, List<OutboundEventRow> Events, IReadOnlyList<DeliveryRow> Released,
    string? CollectedFor, IReadOnlyList<NotificationRow> Notifications);

internal sealed class PaymentSettlement(TableServiceClient tables, Outbox outbox, Counters counters, Indexes indexes, PaymentIndex index,
    AccountDossiers accountDossiers,
    ProcedureCatalog catalog, WorkingDays workingDays, TimeProvider clock, ILogger<PaymentSettlement> logger)
{
    private const int Rounds = 3;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    public async Task<Settlement> SettleAsync(GatewayReport report, CancellationToken cancellationToken)
    {
        if (PaymentRefs.Parse(report.TxnRef) is not var (dossierId, paymentId))
        {
            return Settlement.Unknown;
        }

        Activity.Current?.SetTag(Telemetry.DossierTag, dossierId);
        for (var round = 0; round < Rounds; round++)
        {
            var partition = await DossierPartition.LoadAsync(_dossiers, dossierId, cancellationToken);
            var attempt = partition.PaymentAttempts.Find(a => a.TxnRef == report.TxnRef);
            var payment = partition.Payments.Find(p => p.PaymentId == paymentId);
            if (partition.Dossier is null || attempt is null || payment is null)
            {
                return Settlement.Unknown;
            }

            var now = clock.GetUtcNow();
            if (report.AmountDiffersFrom(attempt.AmountVnd) || attempt.State != PaymentStates.Pending)
            {
                return await RefuseAsync(partition, payment, attempt, report, now, cancellationToken);
            }

            var before = payment.StatusAt;
            // A fee paid now starts the processing time now.
            var dueAt = catalog.FindProcedure(partition.Dossier.ProcedureCode) is { } procedure
                ? workingDays.DueAt(now, procedure.ProcessingDays)
                : partition.Dossier.DueAt;
            var changes = Changes(partition, payment, attempt, report, now, dueAt);
            try
            {
                await outbox.CommitAsync(dossierId, changes.Actions, changes.Events, changes.Notifications, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                continue;
            }

            await AfterAsync(partition.Dossier, payment, attempt, changes, before, cancellationToken);
            return Settlement.Applied;
        }

        return Settlement.Busy;
    }

    /// <summary>
    /// The changes a report makes to an open attempt: the attempt settled, the report kept, and the payment moved. Paid: the payment
    /// (unless another attempt paid it already: then it is a mismatch for ops, as is a fee paid after the dossier was withdrawn), and
    /// what it releases (with <paramref name="dueAt"/>, the released dossier's new due time). Failed or expired: the payment too, if this
    /// was its current attempt.
    /// </summary>
    internal static SettlementChanges Changes(DossierPartition partition, PaymentRow payment, PaymentAttemptRow attempt, GatewayReport report,
        DateTimeOffset now, DateTimeOffset dueAt)
    {
        attempt.State = report.Outcome switch
        {
            GatewayOutcome.Paid => PaymentStates.Paid, GatewayOutcome.Failed => PaymentStates.Failed, _ => PaymentStates.Expired,
        };
        attempt.SettledAt = now;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, attempt, attempt.ETag),
            new(TableTransactionActionType.Add, Kept(partition.DossierId, report, now, attempt.State)),
        };
        var events = new List<OutboundEventRow>();
        var (released, collectedFor) = ((IReadOnlyList<DeliveryRow>)[], (string?)null);
        NotificationRow? told = null;
        if (report.Outcome == GatewayOutcome.Paid && PaymentStates.IsSettled(payment.Status))
        {
            payment.Mismatch = $"Cổng thanh toán báo thanh toán thêm lần nữa (giao dịch {report.TxnRef}, số {report.TransactionNo}); cần hoàn tiền.";
            payment.StatusAt = now; // ops list a mismatch under the day it was found
        }
        else if (report.Outcome == GatewayOutcome.Paid)
        {
            (payment.Status, payment.StatusAt, payment.PaidAt) = (PaymentStates.Paid, now, report.PaidAt ?? now);
            (payment.GatewayTransactionNo, payment.BankCode, payment.PaidTxnRef) = (report.TransactionNo, report.BankCode, attempt.TxnRef);
            (released, collectedFor) = Release(partition, payment, now, actions, events);
            // The applicant hears of a payment that counted; one to refund is ops' to sort out first.
            told = payment.Mismatch is null
                ? NotificationRow.For(partition.Dossier!, NotificationEvents.FeePaid, payment.PaymentId, payment.AgencyId, now)
                : null;
        }
        else if (payment.CurrentTxnRef == attempt.TxnRef && payment.Status == PaymentStates.Pending)
        {
            (payment.Status, payment.StatusAt) = (attempt.State, now);
        }

        actions.Add(new(TableTransactionActionType.UpdateMerge, payment, payment.ETag));
        if (released.Count > 0)
        {
            partition.Dossier!.DueAt = dueAt;
        }

        actions.Add(partition.Touch(now, released.Count > 0 ? dueAt : null));
        return new SettlementChanges(actions, events, released, collectedFor, told is null ? [] : [told]);
    }

    /// <summary>
    /// What a paid payment releases: a fee, the deliveries waiting for it (received, with a history step, and announced); an
    /// agency's charge, the news to that agency. A fee paid after the dossier was withdrawn releases nothing: a mismatch.
    /// </summary>
    /// <returns>The deliveries it released, and the agency the money was collected for.</returns>
    private static (IReadOnlyList<DeliveryRow> Released, string? CollectedFor) Release(DossierPartition partition, PaymentRow payment, DateTimeOffset now, List<TableTransactionAction> actions,
        List<OutboundEventRow> events)
    {
        var paid = new JsonObject
        {
            ["paymentId"] = payment.PaymentId, ["amountVnd"] = payment.AmountVnd, ["paidAt"] = VietnamTime.Of(payment.PaidAt!.Value),
            ["gatewayTransactionNo"] = payment.GatewayTransactionNo,
        };
        if (payment.AgencyId is { } agencyId)
        {
            paid["reason"] = payment.Reason;
            events.Add(Outbox.NewEvent(partition.DossierId, WebhookEvents.DossierPaymentReceived, agencyId, now, paid.ToJsonString()));
            return ([], agencyId);
        }

        var waiting = partition.Deliveries.Where(d => DossierStatus.ReleasedByFee(d.Status)).ToList();
        if (waiting.Count == 0)
        {
            payment.Mismatch = "Lệ phí được thanh toán khi hồ sơ không còn chờ nộp lệ phí (đã rút); cần hoàn tiền.";
            return ([], null);
        }

        var data = WebhookPayloads.AttachmentData(partition.Attachments) ?? [];
        data["payments"] = new JsonArray(paid);
        foreach (var delivery in waiting)
        {
            (delivery.Status, delivery.UpdatedAt) = (DossierStatus.Received, now);
            actions.Add(new(TableTransactionActionType.UpdateMerge, delivery, delivery.ETag));
            events.Add(Outbox.NewEvent(partition.DossierId, WebhookEvents.DossierSubmitted, delivery.AgencyId, now, data.ToJsonString()));
        }

        actions.Add(new(TableTransactionActionType.Add, HistoryRow.Of(partition.DossierId, now, DossierStatus.Received, agencyId: null,
            $"Đã nộp lệ phí {Money.Vnd(payment.AmountVnd)} (mã giao dịch {payment.GatewayTransactionNo}).")));
        return (waiting, waiting[0].AgencyId);
    }

    /// <summary>A report that changes nothing (a wrong amount, an attempt settled before) is kept all the same; a paid report for an attempt
    /// the portal closed as failed or expired is a disagreement ops must see.</summary>
    private async Task<Settlement> RefuseAsync(DossierPartition partition, PaymentRow payment, PaymentAttemptRow attempt, GatewayReport report,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wrongAmount = report.AmountDiffersFrom(attempt.AmountVnd);
        var outcome = wrongAmount ? Settlement.WrongAmount : Settlement.AlreadySettled;
        var contradicts = report.Outcome == GatewayOutcome.Paid && attempt.State != PaymentStates.Paid;
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, Kept(partition.DossierId, report, now, outcome.ToString())) };
        if (contradicts && (!wrongAmount || report.Source == GatewayReport.QueryDr))
        {
            var before = payment.StatusAt;
            payment.Mismatch = wrongAmount
                ? $"Cổng thanh toán báo số tiền {report.AmountTimes100 / 100} đồng cho giao dịch {report.TxnRef}, khác {attempt.AmountVnd} đồng."
                : $"Cổng thanh toán báo đã thanh toán giao dịch {report.TxnRef} mà cổng dịch vụ công ghi là {PaymentStates.Label(attempt.State)}.";
            payment.StatusAt = now;
            actions.Add(new(TableTransactionActionType.UpdateMerge, payment, payment.ETag));
            actions.Add(partition.Touch(now));
            await TryKeepAsync(partition.DossierId, actions, cancellationToken);
            await index.ChangedAsync(partition.Dossier!, payment, before, cancellationToken);
            logger.LogWarning("Payment {PaymentId} disagrees with the gateway on {TxnRef}: kept as a mismatch", payment.PaymentId, report.TxnRef);
            return outcome;
        }

        await TryKeepAsync(partition.DossierId, actions, cancellationToken);
        logger.LogInformation("{Source} for {TxnRef} changed nothing: {Outcome}", report.Source, report.TxnRef, outcome);
        return outcome;
    }

    private async Task TryKeepAsync(string dossierId, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await _dossiers.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            logger.LogInformation("A gateway report for {DossierId} was kept by another writer first", dossierId);
        }
    }

    private async Task AfterAsync(DossierRow dossier, PaymentRow payment, PaymentAttemptRow attempt, SettlementChanges changes, DateTimeOffset before,
        CancellationToken cancellationToken)
    {
        var updates = new List<Task>
        {
            index.ChangedAsync(dossier, payment, before, cancellationToken), index.ClosedAsync(attempt, cancellationToken),
            accountDossiers.RefreshAsync(dossier, cancellationToken),
        };
        if (changes.Released.Count > 0)
        {
            updates.Add(counters.MoveAsync(DossierStatus.AwaitingPayment, DossierStatus.Received, changes.Released.Count, cancellationToken));
            updates.Add(indexes.DeliveriesDueAsync(dossier, changes.Released, cancellationToken));
        }

        if (changes.CollectedFor is { } agencyId)
        {
            updates.Add(FeeCounters.AddAsync(counters, dossier.ProcedureCode, agencyId, payment.AmountVnd, cancellationToken));
        }

        await Task.WhenAll(updates);
        logger.LogInformation("Payment {PaymentId}: attempt {TxnRef} settled {State}; {Released} deliveries released, {Events} events to agencies",
            payment.PaymentId, attempt.TxnRef, attempt.State, changes.Released.Count, changes.Events.Count);
    }

    private static PaymentCallbackRow Kept(string dossierId, GatewayReport report, DateTimeOffset now, string outcome) =>
        PaymentCallbackRow.Of(dossierId, report.TxnRef, report.Source, report.Raw, now, outcome);
}

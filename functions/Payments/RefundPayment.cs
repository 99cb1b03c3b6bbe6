// POST /api/ops/payments/{paymentId}/refund (admin): gives a paid payment's money back through the gateway's refund, then
// records it and tells the agencies that have the dossier (dossier.payment_refunded). The gateway is asked first; the portal
// records only what the gateway confirmed.
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;
using MotCua.Webhooks;

namespace MotCua.Payments;

internal sealed record RefundAnswer(string PaymentId, string Status, DateTimeOffset RefundedAt);

internal sealed class RefundPayment(TableServiceClient tables, GatewayClient gateway, Outbox outbox, Counters counters, PaymentIndex index,
    TimeProvider clock, ILogger<RefundPayment> logger)
{
    /// <summary>Who the portal says asked for the refund (vnp_CreateBy).</summary>
    private const string RefundedBy = "motcua-ops";

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    [Function(nameof(RefundPayment))]
    public async Task<Results<Ok<RefundAnswer>, ProblemHttpResult>> Run(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "ops/payments/{paymentId}/refund")] HttpRequest request, string paymentId,
        CancellationToken cancellationToken)
    {
        var partition = PaymentRefs.DossierOfPayment(paymentId) is { } dossierId ? await DossierPartition.LoadAsync(_dossiers, dossierId, cancellationToken) : null;
        if (partition?.Payments.Find(p => p.PaymentId == paymentId) is not { } payment || partition.Dossier is not { } dossier)
        {
            return Problems.Status(StatusCodes.Status404NotFound, "Không có khoản thanh toán với mã này.");
        }

        if (payment.Status != PaymentStates.Paid || partition.PaymentAttempts.Find(a => a.TxnRef == payment.PaidTxnRef) is not { } paid)
        {
            return Problems.Status(StatusCodes.Status409Conflict, $"Chỉ hoàn tiền được khoản đã thanh toán; khoản này: {PaymentStates.Label(payment.Status)}.");
        }

        var answer = await gateway.RefundAsync(paid.TxnRef, payment.AmountVnd, payment.GatewayTransactionNo ?? "", paid.CreateDate, paid.OrderInfo, RefundedBy,
            cancellationToken);
        if (answer is null || answer["vnp_ResponseCode"] != "00")
        {
            logger.LogWarning("The gateway did not refund {PaymentId}: {ResponseCode}", paymentId, answer?["vnp_ResponseCode"]);
            return Problems.Status(StatusCodes.Status409Conflict,
                $"Cổng thanh toán không hoàn tiền (mã {answer?["vnp_ResponseCode"] ?? "không trả lời"}); chưa có gì thay đổi.");
        }

        return await RecordAsync(partition, dossier, payment, paid, answer, cancellationToken);
    }

    private async Task<Results<Ok<RefundAnswer>, ProblemHttpResult>> RecordAsync(DossierPartition partition, DossierRow dossier, PaymentRow payment,
        PaymentAttemptRow paid, GatewayAnswer answer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var before = payment.StatusAt;
        (payment.Status, payment.StatusAt, payment.RefundedAt, payment.Mismatch) = (PaymentStates.Refunded, now, now, null);
        var data = $$"""{"paymentId":"{{payment.PaymentId}}","amountVnd":{{payment.AmountVnd}},"refundedAt":"{{VietnamTime.Of(now):O}}"}""";
        var agencies = payment.AgencyId is { } agencyId
            ? [agencyId]
            : partition.Deliveries.Where(d => DossierStatus.AgencyHoldsDossier(d.Status)).Select(d => d.AgencyId).ToList();
        var events = agencies.Select(agency => Outbox.NewEvent(partition.DossierId, WebhookEvents.DossierPaymentRefunded, agency, now, data)).ToList();
        var kept = PaymentCallbackRow.Of(partition.DossierId, paid.TxnRef, "refund", answer.Raw, now, PaymentStates.Refunded);
        // Whatever the payment's ETag: the gateway has given the money back, which the record must say.
        await outbox.CommitAsync(partition.DossierId,
            [new(TableTransactionActionType.UpdateMerge, payment, Azure.ETag.All), new(TableTransactionActionType.Add, kept), partition.Touch(now)],
            events, cancellationToken);
        await Task.WhenAll(index.ChangedAsync(dossier, payment, before, cancellationToken),
            FeeCounters.AddAsync(counters, dossier.ProcedureCode, payment.AgencyId ?? partition.Deliveries[0].AgencyId, -payment.AmountVnd, cancellationToken));
        logger.LogInformation("Payment {PaymentId} refunded ({AmountVnd} VND); {Agencies} agencies told", payment.PaymentId, payment.AmountVnd, events.Count);
        return TypedResults.Ok(new RefundAnswer(payment.PaymentId, payment.Status, VietnamTime.Of(now)));
    }
}

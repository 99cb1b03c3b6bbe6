// A payment's checkout: the signed pay URL of its open attempt, or of a new attempt when it has none (never paid, failed, or
// expired). An attempt past its expiry is first asked about at the gateway (querydr), so a payment that went through late is
// never taken twice. Concurrent checkouts of one payment open one attempt (the payment's ETag).
using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MotCua.Hosting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Payments;

internal sealed record CheckoutAnswer(string PayUrl, DateTimeOffset ExpiresAt);

internal sealed partial class Checkout(TableServiceClient tables, PaymentReconciliation reconciliation, PaymentIndex index, IOptions<PaymentsOptions> options,
    TimeProvider clock, ILogger<Checkout> logger)
{
    private const int Rounds = 3;

    private readonly TableClient _dossiers = tables.GetTableClient(StorageNames.DossiersTable);

    public async Task<Results<Ok<CheckoutAnswer>, ProblemHttpResult>> StartAsync(DossierPartition partition, string paymentId, string clientAddress,
        CancellationToken cancellationToken)
    {
        for (var round = 0; round < Rounds; round++)
        {
            if (partition.Payments.Find(p => p.PaymentId == paymentId) is not { } payment)
            {
                return DossierAccess.NotFound();
            }

            if (Refusal(partition, payment) is { } refusal)
            {
                return Problems.Status(StatusCodes.Status409Conflict, refusal);
            }

            var open = partition.PaymentAttempts.Find(a => a.TxnRef == payment.CurrentTxnRef && a.State == PaymentStates.Pending);
            if (open is not null && clock.GetUtcNow() < open.ExpiresAt)
            {
                return TypedResults.Ok(new CheckoutAnswer(open.PayUrl, VietnamTime.Of(open.ExpiresAt)));
            }

            if (open is not null && !await reconciliation.ReconcileAsync(open, cancellationToken))
            {
                return Problems.Status(StatusCodes.Status409Conflict,
                    "Chưa xác nhận được lần thanh toán trước với cổng thanh toán; vui lòng thử lại sau ít phút.");
            }

            if (open is null && await TryOpenAsync(partition, payment, clientAddress, cancellationToken) is { } opened)
            {
                return TypedResults.Ok(new CheckoutAnswer(opened.PayUrl, VietnamTime.Of(opened.ExpiresAt)));
            }

            // Settled meanwhile, or another checkout opened an attempt first: look again.
            partition = await DossierPartition.LoadAsync(_dossiers, partition.DossierId, cancellationToken);
        }

        return Problems.Status(StatusCodes.Status409Conflict, "Khoản phí đang được xử lý; vui lòng thử lại.");
    }

    /// <summary>Why the payment cannot be paid now, or null: paid already, or a dossier that no longer needs it.</summary>
    private static string? Refusal(DossierPartition partition, PaymentRow payment)
    {
        if (PaymentStates.IsSettled(payment.Status))
        {
            return "Khoản phí này đã được thanh toán.";
        }

        var statuses = partition.Deliveries.Select(d => d.Status).ToList();
        return payment.AgencyId is null && !statuses.Any(DossierStatus.ReleasedByFee) ? "Hồ sơ không còn chờ nộp lệ phí."
            : DossierStatus.IsFinal(DossierStatus.Of(statuses)) ? "Hồ sơ đã kết thúc nên không thể thanh toán."
            : null;
    }

    /// <summary>A new attempt, listed for reconciliation first, then written with the payment's move under its ETag; null when another writer won.</summary>
    private async Task<PaymentAttemptRow?> TryOpenAsync(DossierPartition partition, PaymentRow payment, string clientAddress,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var attempt = NewAttempt(options.Value, partition.DossierId, payment, clientAddress, now);
        var before = payment.StatusAt;
        (payment.Attempts, payment.CurrentTxnRef, payment.Status, payment.StatusAt) = (payment.Attempts + 1, attempt.TxnRef, PaymentStates.Pending, now);
        await index.OpenedAsync(attempt, cancellationToken);
        try
        {
            await _dossiers.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.UpdateMerge, payment, payment.ETag),
                new(TableTransactionActionType.Add, attempt),
                partition.Touch(now),
            ], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            await index.ClosedAsync(attempt, cancellationToken);
            return null;
        }

        await index.ChangedAsync(partition.Dossier!, payment, before, cancellationToken);
        logger.LogInformation("Payment {PaymentId}: checkout {TxnRef} opened, payable until {ExpiresAt:O}", payment.PaymentId, attempt.TxnRef,
            VietnamTime.Of(attempt.ExpiresAt));
        return attempt;
    }

    /// <summary>The payment's next attempt with its signed pay URL (API.md: VNPay 2.1.0's pay command).</summary>
    internal static PaymentAttemptRow NewAttempt(PaymentsOptions options, string dossierId, PaymentRow payment, string clientAddress, DateTimeOffset now)
    {
        var txnRef = PaymentRefs.TxnRef(payment.PaymentId, payment.Attempts + 1);
        var expiresAt = now + PaymentsOptions.CheckoutLifetime;
        var (createDate, orderInfo) = (GatewayReport.Format(now), OrderInfo(payment, dossierId));
        var parameters = new Dictionary<string, string>
        {
            ["vnp_Version"] = GatewayClient.Version,
            ["vnp_Command"] = "pay",
            ["vnp_TmnCode"] = options.TmnCode,
            ["vnp_Amount"] = (payment.AmountVnd * 100).ToString(CultureInfo.InvariantCulture),
            ["vnp_CurrCode"] = "VND",
            ["vnp_TxnRef"] = txnRef,
            ["vnp_OrderInfo"] = orderInfo,
            ["vnp_OrderType"] = "other",
            ["vnp_Locale"] = "vn",
            ["vnp_ReturnUrl"] = options.ReturnUrl!.AbsoluteUri,
            ["vnp_IpAddr"] = clientAddress,
            ["vnp_CreateDate"] = createDate,
            ["vnp_ExpireDate"] = GatewayReport.Format(expiresAt),
        };
        var signed = VnpaySignature.SignedText(parameters);
        return new PaymentAttemptRow
        {
            PartitionKey = dossierId, RowKey = PaymentAttemptRow.KeyFor(txnRef), TxnRef = txnRef, PaymentId = payment.PaymentId,
            AmountVnd = payment.AmountVnd, CreateDate = createDate, ExpiresAt = expiresAt, OrderInfo = orderInfo,
            PayUrl = $"{options.GatewayUrl!.GetLeftPart(UriPartial.Path)}?{signed}&{VnpaySignature.HashParameter}={VnpaySignature.Sign(signed, options.HashSecret)}",
        };
    }

    /// <summary>What the gateway shows and reports: letters without diacritics, digits and spaces, as the protocol asks.</summary>
    private static string OrderInfo(PaymentRow payment, string dossierId) =>
        $"Thanh toan {string.Join(' ', NotPlain().Split(VietnameseText.RemoveDiacritics(payment.Reason)).Where(w => w.Length > 0))} ho so {dossierId}";

    [GeneratedRegex("[^A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotPlain();
}

// What happens when the customer presses "Thanh toán" or "Hủy": the outcome is recorded, the merchant's server hears it
// through the IPN, and the browser is sent back to the merchant with the same signed parameters.
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MotCua.DemoPayGate;

internal sealed class Cashier(Transactions transactions, IpnSender ipn, IOptions<PayGateOptions> options, TimeProvider clock, ILogger<Cashier> logger)
{
    /// <summary>The last <c>vnp_TransactionNo</c> given: eight digits, counting up from a random start, unique within a run.</summary>
    private int _lastTransactionNo = RandomNumberGenerator.GetInt32(10_000_000, 90_000_000);

    /// <summary>
    /// Records the outcome and tells the merchant (the IPN's first try happens before this returns, retries after).
    /// Returns where the browser goes next, or null when the reference was finished meanwhile, in another tab.
    /// </summary>
    public async Task<Uri?> FinishAsync(PayOrder order, string bankCode, bool paid)
    {
        var transaction = Outcome(order, bankCode, paid);
        if (!transactions.TryFinish(transaction))
        {
            return null;
        }

        if (paid)
        {
            logger.LogInformation("Paid {TxnRef}: {Amount} VND through {BankCode}, transaction {TransactionNo}",
                transaction.TxnRef, transaction.Amount / 100, bankCode, transaction.TransactionNo);
        }
        else
        {
            logger.LogInformation("Cancelled {TxnRef} at the customer's request (response code 24)", transaction.TxnRef);
        }

        var query = VnpaySignature.SignQuery(CallbackParameters(transaction, order.TmnCode), options.Value.HashSecret);
        await ipn.NotifyAsync(transaction.TxnRef, query);
        return order.ReturnUrl.WithQuery(query);
    }

    private Transaction Outcome(PayOrder order, string bankCode, bool paid)
    {
        var common = new Transaction(order.TxnRef, order.Amount, order.OrderInfo, order.CreateDate, paid ? Transaction.Paid : Transaction.Failed)
        {
            BankCode = bankCode,
            PayDate = VietnamTime.ToProtocol(clock.GetUtcNow()),
        };
        if (!paid)
        {
            return common;
        }

        var number = Interlocked.Increment(ref _lastTransactionNo).ToString(CultureInfo.InvariantCulture);
        return common with { TransactionNo = number, BankTranNo = "VNP" + number };
    }

    /// <summary>The parameters of the IPN and the return (decision 0011); an empty one, such as a cancellation's BankTranNo, is left out when signed.</summary>
    private static Dictionary<string, string> CallbackParameters(Transaction transaction, string tmnCode) => new(StringComparer.Ordinal)
    {
        ["vnp_Amount"] = transaction.Amount.ToString(CultureInfo.InvariantCulture),
        ["vnp_BankCode"] = transaction.BankCode,
        ["vnp_BankTranNo"] = transaction.BankTranNo,
        ["vnp_CardType"] = "ATM",
        ["vnp_OrderInfo"] = transaction.OrderInfo,
        ["vnp_PayDate"] = transaction.PayDate,
        ["vnp_ResponseCode"] = transaction.ResponseCode,
        ["vnp_TmnCode"] = tmnCode,
        ["vnp_TransactionNo"] = transaction.TransactionNo,
        ["vnp_TransactionStatus"] = transaction.Status,
        ["vnp_TxnRef"] = transaction.TxnRef,
    };
}

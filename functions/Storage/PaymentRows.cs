// The rows of a dossier's payments, in the dossier's partition (decision 0011): the payment the citizen owes, each checkout
// attempt at the gateway, and every callback the gateway made about it, kept raw.
namespace MotCua.Storage;

/// <summary>A payment's states (API.md), with their Vietnamese labels.</summary>
public static class PaymentStates
{
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Refunded = "refunded";

    public static string Label(string state) => state switch
    {
        Pending => "Chờ thanh toán",
        Paid => "Đã thanh toán",
        Failed => "Thanh toán không thành công",
        Expired => "Hết hạn",
        Refunded => "Đã hoàn tiền",
        _ => state,
    };

    /// <summary>Whether the money was taken (and, for refunded, given back): such a payment is never checked out again.</summary>
    public static bool IsSettled(string state) => state is Paid or Refunded;
}

/// <summary>RowKey <c>payment|{paymentId}</c>: a fee of the catalog (AgencyId null) or a charge an agency requested.</summary>
public sealed class PaymentRow : DossierPartitionRow
{
    public const string Prefix = "payment|";

    /// <summary>What a procedure's fee is called on the dossier and its receipt.</summary>
    public const string FeeReason = "Lệ phí";

    public static string KeyFor(string paymentId) => Prefix + paymentId;

    /// <summary>The <paramref name="number"/>th payment of a dossier, pending: <c>{dossierId}-TT01</c>, <c>-TT02</c>…</summary>
    public static PaymentRow New(string dossierId, int number, long amountVnd, string reason, string? agencyId, DateTimeOffset now)
    {
        var paymentId = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{dossierId}-TT{number:D2}");
        return new PaymentRow
        {
            PartitionKey = dossierId, RowKey = KeyFor(paymentId), PaymentId = paymentId, AmountVnd = amountVnd, Reason = reason,
            AgencyId = agencyId, CreatedAt = now, StatusAt = now,
        };
    }

    /// <summary><c>{dossierId}-TTnn</c>: leads back to its partition.</summary>
    public string PaymentId { get; set; } = "";

    public long AmountVnd { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The agency that requested the charge; null for the procedure's fee, which holds the dossier until paid.</summary>
    public string? AgencyId { get; set; }

    public string Status { get; set; } = PaymentStates.Pending;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the payment entered its status: ops list payments by the day of that.</summary>
    public DateTimeOffset StatusAt { get; set; }

    /// <summary>How many checkout attempts it has had; the newest is <see cref="CurrentTxnRef"/>.</summary>
    public int Attempts { get; set; }

    public string? CurrentTxnRef { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public string? GatewayTransactionNo { get; set; }

    public string? BankCode { get; set; }

    /// <summary>The attempt the money was taken on: the one a refund gives back.</summary>
    public string? PaidTxnRef { get; set; }

    public DateTimeOffset? RefundedAt { get; set; }

    /// <summary>A disagreement between the gateway and the portal, in Vietnamese, for ops; null while they agree.</summary>
    public string? Mismatch { get; set; }
}

/// <summary>RowKey <c>txn|{txnRef}</c>: one checkout at the gateway, the <c>vnp_TxnRef</c> it was sent with and how it ended.</summary>
public sealed class PaymentAttemptRow : DossierPartitionRow
{
    public const string Prefix = "txn|";

    public static string KeyFor(string txnRef) => Prefix + txnRef;

    public string TxnRef { get; set; } = "";

    public string PaymentId { get; set; } = "";

    public long AmountVnd { get; set; }

    /// <summary><c>pending</c> until the gateway says; then <c>paid</c>, <c>failed</c> or <c>expired</c>.</summary>
    public string State { get; set; } = PaymentStates.Pending;

    /// <summary>The signed URL given to the citizen, given again while the attempt is open.</summary>
    public string PayUrl { get; set; } = "";

    /// <summary><c>vnp_CreateDate</c> as sent (yyyyMMddHHmmss, Vietnam time): querydr names the transaction by it.</summary>
    public string CreateDate { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public string OrderInfo { get; set; } = "";

    public DateTimeOffset? SettledAt { get; set; }
}

/// <summary>RowKey <c>callback|{txnRef}|{ticks}|{n}</c>: what the gateway said about an attempt, exactly as received.</summary>
public sealed class PaymentCallbackRow : DossierPartitionRow
{
    public const string Prefix = "callback|";

    public static string KeyFor(string txnRef, DateTimeOffset at) => $"{Prefix}{txnRef}|{at.UtcTicks:D19}|{Guid.NewGuid():N}";

    /// <summary>What the gateway said about <paramref name="txnRef"/> at <paramref name="at"/>, kept in the dossier's partition.</summary>
    public static PaymentCallbackRow Of(string dossierId, string txnRef, string source, string raw, DateTimeOffset at, string outcome) => new()
    {
        PartitionKey = dossierId, RowKey = KeyFor(txnRef, at), Source = source, Raw = raw, ReceivedAt = at, Outcome = outcome,
    };

    /// <summary><c>ipn</c>, <c>querydr</c> or <c>refund</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>The query string (IPN) or JSON body (querydr, refund) as received.</summary>
    public string Raw { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>What the portal answered or concluded (an IPN's RspCode).</summary>
    public string? Outcome { get; set; }
}

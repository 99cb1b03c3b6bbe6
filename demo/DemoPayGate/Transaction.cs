namespace MotCua.DemoPayGate;

/// <summary>One <c>vnp_TxnRef</c> as the gateway knows it: shown on the payment page, then paid or cancelled, maybe refunded.</summary>
/// <param name="Amount">VND × 100, as the protocol carries it.</param>
/// <param name="CreateDate">The pay request's <c>vnp_CreateDate</c>, which querydr and refund name as <c>vnp_TransactionDate</c>.</param>
/// <param name="Status">A <c>vnp_TransactionStatus</c>: one of the constants below.</param>
internal sealed record Transaction(string TxnRef, long Amount, string OrderInfo, string CreateDate, string Status)
{
    public const string Paid = "00";
    public const string NotFinished = "01";
    public const string Failed = "02";
    public const string Refunded = "06";

    /// <summary><c>vnp_TransactionType</c>: a payment, or after a refund the refund's type.</summary>
    public const string Payment = "01";
    public const string FullRefund = "02";
    public const string PartialRefund = "03";

    public string BankCode { get; init; } = "";

    public string BankTranNo { get; init; } = "";

    public string PayDate { get; init; } = "";

    /// <summary>Eight digits once paid; <c>0</c>, as VNPay sends it, for a transaction that never went through.</summary>
    public string TransactionNo { get; init; } = "0";

    public string TransactionType { get; init; } = Payment;

    /// <summary>The <c>vnp_ResponseCode</c> of the payment's IPN and return: 00 paid, 24 cancelled by the customer.</summary>
    public string ResponseCode => Status == Failed ? "24" : "00";
}

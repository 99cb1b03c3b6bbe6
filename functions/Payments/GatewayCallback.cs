// A callback the gateway signed (the IPN, and the citizen's return through the browser): its vnp_* parameters as received,
// verified as decision 0011 says, and what they report about the attempt.
namespace MotCua.Payments;

internal sealed record GatewayCallback(IReadOnlyDictionary<string, string> Parameters, string Raw)
{
    /// <summary>The callback's parameters, or null when one is repeated (a signature covers each parameter once).</summary>
    public static GatewayCallback? Read(IQueryCollection query, string? raw)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (values.Count != 1 || values is not [{ } value])
            {
                return null;
            }

            parameters[name] = value;
        }

        return new GatewayCallback(parameters, raw ?? "");
    }

    public string? this[string name] => Parameters.GetValueOrDefault(name);

    /// <summary>Signed with the hash secret over its parameters as received, by the merchant it names.</summary>
    public bool IsSignedFor(PaymentsOptions options) =>
        this["vnp_TmnCode"] == options.TmnCode
        && VnpaySignature.Matches(VnpaySignature.SignedText(Parameters), this[VnpaySignature.HashParameter], options.HashSecret);

    /// <summary>Paid only when both the response code and the transaction status are 00.</summary>
    public bool ReportsPaid => this["vnp_ResponseCode"] == "00" && this["vnp_TransactionStatus"] == "00";

    /// <summary>What it reports about the attempt it names.</summary>
    public GatewayReport Report(string source) => new(
        this["vnp_TxnRef"] ?? "",
        ReportsPaid ? GatewayOutcome.Paid : GatewayOutcome.Failed,
        GatewayReport.ParseAmount(this["vnp_Amount"]),
        GatewayReport.TransactionNoOf(this["vnp_TransactionNo"]),
        this["vnp_BankCode"],
        GatewayReport.ParseTime(this["vnp_PayDate"]),
        source,
        Raw);
}

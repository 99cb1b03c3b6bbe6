// VNPay 2.1.0 signing written again for the tests from decision 0011, another way than the portal's and the demo gateway's
// (escape everything, then put back what Java's URLEncoder writes otherwise), so that each checks the others; and callbacks
// signed as the gateway's server signs them, so a test can play it.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Tests.Infrastructure;

public static class TestVnpay
{
    public static readonly string[] QueryDrRequest =
        ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"];

    public static readonly string[] QueryDrResponse =
    [
        "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate",
        "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
    ];

    public static readonly string[] RefundRequest =
    [
        "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo",
        "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
    ];

    public static readonly string[] RefundResponse =
    [
        "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate",
        "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo",
    ];

    /// <summary>Java's <c>URLEncoder</c>: <c>Uri.EscapeDataString</c> keeps <c>~</c> and escapes <c>*</c> and space differently.</summary>
    public static string FormEncode(string value) =>
        Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal).Replace("%2A", "*", StringComparison.Ordinal)
            .Replace("~", "%7E", StringComparison.Ordinal);

    /// <summary>A pay URL's query: the sorted, encoded, non-empty parameters and their <c>vnp_SecureHash</c>.</summary>
    public static string SignQuery(IReadOnlyDictionary<string, string> parameters, string secret)
    {
        var text = SignedText(parameters);
        return $"{text}&vnp_SecureHash={Hmac(secret, text)}";
    }

    /// <summary>The parameters of a query, decoded (<c>+</c> is a space).</summary>
    public static Dictionary<string, string> Parameters(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Decode(pair[0]), pair => pair.Length == 2 ? Decode(pair[1]) : "", StringComparer.Ordinal);

    /// <summary>True when <c>vnp_SecureHash</c> signs the other <c>vnp_*</c> parameters (the hash type aside).</summary>
    public static bool Verifies(IReadOnlyDictionary<string, string> parameters, string secret) =>
        parameters.TryGetValue("vnp_SecureHash", out var hash)
        && string.Equals(Hmac(secret, SignedText(parameters)), hash, StringComparison.OrdinalIgnoreCase);

    /// <summary>The hash of a querydr or refund message: <paramref name="values"/> in the protocol's order, joined with <c>|</c>.</summary>
    public static string SignFields(string secret, IEnumerable<string> values) => Hmac(secret, string.Join("|", values));

    public static string SignedText(IReadOnlyDictionary<string, string> parameters) =>
        string.Join("&", parameters
            .Where(p => p.Key.StartsWith("vnp_", StringComparison.Ordinal) && p.Key != "vnp_SecureHash" && p.Key != "vnp_SecureHashType" && p.Value != "")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{FormEncode(p.Key)}={FormEncode(p.Value)}"));

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    public static string Hmac(string secret, string text) =>
        Convert.ToHexString(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>
    /// An IPN's or return's query about the pay URL's attempt, signed as the gateway signs it (with the portal's test secret unless
    /// <paramref name="secret"/> is given), after <paramref name="change"/> alters its parameters.
    /// </summary>
    public static string Callback(string payUrl, string responseCode = "00", string transactionStatus = "00", string transactionNo = "14422574",
        long? amountTimes100 = null, string secret = FunctionApp.PaymentHashSecret, Action<Dictionary<string, string>>? change = null)
    {
        var pay = Parameters(new Uri(payUrl).Query);
        var callback = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vnp_Amount"] = amountTimes100?.ToString(CultureInfo.InvariantCulture) ?? pay["vnp_Amount"],
            ["vnp_BankCode"] = "NCB",
            ["vnp_BankTranNo"] = "VNP" + transactionNo,
            ["vnp_CardType"] = "ATM",
            ["vnp_OrderInfo"] = pay["vnp_OrderInfo"],
            ["vnp_PayDate"] = pay["vnp_CreateDate"],
            ["vnp_ResponseCode"] = responseCode,
            ["vnp_TmnCode"] = pay["vnp_TmnCode"],
            ["vnp_TransactionNo"] = transactionNo,
            ["vnp_TransactionStatus"] = transactionStatus,
            ["vnp_TxnRef"] = pay["vnp_TxnRef"],
        };
        change?.Invoke(callback);
        var text = SignedText(callback);
        return $"{text}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={Hmac(secret, text)}";
    }
}

// VNPay 2.1.0 signing written again for the tests from decision 0011, another way than the gateway's (escape everything,
// then put back what Java's URLEncoder writes otherwise), so that each checks the other.
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Tests.PayGate;

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

    private static string SignedText(IReadOnlyDictionary<string, string> parameters) =>
        string.Join("&", parameters
            .Where(p => p.Key.StartsWith("vnp_", StringComparison.Ordinal) && p.Key != "vnp_SecureHash" && p.Key != "vnp_SecureHashType" && p.Value != "")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{FormEncode(p.Key)}={FormEncode(p.Value)}"));

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string Hmac(string secret, string text) =>
        Convert.ToHexString(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}

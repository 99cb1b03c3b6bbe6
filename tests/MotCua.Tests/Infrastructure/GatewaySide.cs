// The gateway's side of the VNPay 2.1.0 protocol, written for the tests from the protocol's rules and independently of the
// portal's code: reading a pay URL, and signing callbacks (IPN, return) as the gateway does, so tests can act as the gateway's
// server. Encoding goes another way than the portal's (RFC 3986 escaping, then the form encoding's differences).
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotCua.Tests.Infrastructure;

public static class GatewaySide
{
    public const string TmnCode = "MOTCUATEST";
    public const string HashSecret = "test-hash-secret-not-for-production";

    /// <summary>Form encoding: RFC 3986 escaping, then a space as '+', '*' kept and '~' escaped.</summary>
    public static string Encode(string value) =>
        Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal).Replace("%2A", "*", StringComparison.Ordinal)
            .Replace("~", "%7E", StringComparison.Ordinal);

    /// <summary>The text signed: vnp_* parameters but the hash and its type, non-empty, sorted ordinally, encoded, joined.</summary>
    public static string SignedText(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var kept = parameters.Where(p => p.Key.StartsWith("vnp_", StringComparison.Ordinal) && p.Key != "vnp_SecureHash"
            && p.Key != "vnp_SecureHashType" && !string.IsNullOrEmpty(p.Value)).ToList();
        kept.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join("&", kept.Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
    }

    public static string Hmac(string text, string secret = HashSecret)
    {
        using var hmac = new HMACSHA512(Encoding.UTF8.GetBytes(secret));
        return string.Concat(hmac.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>The parameters of a query string ('+' is a space).</summary>
    public static Dictionary<string, string> Query(string query) => query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(kv => Decode(kv[0]), kv => kv.Length > 1 ? Decode(kv[1]) : "", StringComparer.Ordinal);

    /// <summary>A callback about the pay URL's attempt, signed as the gateway signs it.</summary>
    public static string Callback(string payUrl, string responseCode = "00", string transactionStatus = "00", string transactionNo = "14422574",
        long? amountTimes100 = null, string secret = HashSecret, Action<Dictionary<string, string>>? change = null)
    {
        var pay = Query(new Uri(payUrl).Query);
        var callback = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vnp_Amount"] = (amountTimes100?.ToString(CultureInfo.InvariantCulture)) ?? pay["vnp_Amount"],
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
        return $"{text}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={Hmac(text, secret)}";
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}

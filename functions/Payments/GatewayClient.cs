// The portal's calls to the gateway's merchant API (POST Payments__ApiUrl, JSON): querydr and refund, signed and verified as
// decision 0011 lists their fields. An answer that cannot be read or whose signature fails counts as no answer.
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace MotCua.Payments;

/// <summary>The gateway's answer: its fields as text, and the body exactly as received.</summary>
internal sealed record GatewayAnswer(IReadOnlyDictionary<string, string> Fields, string Raw)
{
    public string this[string name] => Fields.GetValueOrDefault(name, "");
}

internal sealed class GatewayClient(IHttpClientFactory http, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<GatewayClient> logger)
{
    public const string Version = "2.1.0";

    private static readonly string[] QueryAnswerFields =
    [
        "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount", "vnp_BankCode",
        "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode",
        "vnp_PromotionAmount",
    ];

    private static readonly string[] RefundAnswerFields = QueryAnswerFields[..13];

    /// <summary>querydr: what the gateway knows of an attempt; null when it gave no verifiable answer.</summary>
    public Task<GatewayAnswer?> QueryAsync(string txnRef, string orderInfo, string transactionDate, CancellationToken cancellationToken)
    {
        var (requestId, now) = (RequestId(), GatewayReport.Format(clock.GetUtcNow()));
        var o = options.Value;
        var request = new Dictionary<string, string>
        {
            ["vnp_RequestId"] = requestId, ["vnp_Version"] = Version, ["vnp_Command"] = "querydr", ["vnp_TmnCode"] = o.TmnCode,
            ["vnp_TxnRef"] = txnRef, ["vnp_OrderInfo"] = orderInfo, ["vnp_TransactionDate"] = transactionDate, ["vnp_CreateDate"] = now,
            ["vnp_IpAddr"] = ServerAddress,
        };
        request["vnp_SecureHash"] = VnpaySignature.SignFields(o.HashSecret,
            requestId, Version, "querydr", o.TmnCode, txnRef, transactionDate, now, ServerAddress, orderInfo);
        return SendAsync(request, QueryAnswerFields, cancellationToken);
    }

    /// <summary>refund (full): gives back the money of a paid attempt; null when the gateway gave no verifiable answer.</summary>
    public Task<GatewayAnswer?> RefundAsync(string txnRef, long amountVnd, string transactionNo, string transactionDate, string orderInfo,
        string createdBy, CancellationToken cancellationToken)
    {
        var (requestId, now) = (RequestId(), GatewayReport.Format(clock.GetUtcNow()));
        var o = options.Value;
        var amount = (amountVnd * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string FullRefund = "02";
        var request = new Dictionary<string, string>
        {
            ["vnp_RequestId"] = requestId, ["vnp_Version"] = Version, ["vnp_Command"] = "refund", ["vnp_TmnCode"] = o.TmnCode,
            ["vnp_TransactionType"] = FullRefund, ["vnp_TxnRef"] = txnRef, ["vnp_Amount"] = amount, ["vnp_OrderInfo"] = orderInfo,
            ["vnp_TransactionNo"] = transactionNo, ["vnp_TransactionDate"] = transactionDate, ["vnp_CreateBy"] = createdBy,
            ["vnp_CreateDate"] = now, ["vnp_IpAddr"] = ServerAddress,
        };
        request["vnp_SecureHash"] = VnpaySignature.SignFields(o.HashSecret, requestId, Version, "refund", o.TmnCode, FullRefund, txnRef, amount,
            transactionNo, transactionDate, createdBy, now, ServerAddress, orderInfo);
        return SendAsync(request, RefundAnswerFields, cancellationToken);
    }

    /// <summary>The portal's own address in requests it makes server to server (the protocol asks for one; the gateway does not check it).</summary>
    private const string ServerAddress = "127.0.0.1";

    private static string RequestId() => Guid.NewGuid().ToString("N")[..20];

    private async Task<GatewayAnswer?> SendAsync(Dictionary<string, string> request, string[] signedFields, CancellationToken cancellationToken)
    {
        string raw;
        try
        {
            using var response = await http.CreateClient(nameof(GatewayClient)).PostAsJsonAsync(options.Value.ApiUrl, request, cancellationToken);
            raw = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("The gateway answered {Command} for {TxnRef} with HTTP {StatusCode}", request["vnp_Command"], request["vnp_TxnRef"],
                    (int)response.StatusCode);
                return null;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The gateway did not answer {Command} for {TxnRef}", request["vnp_Command"], request["vnp_TxnRef"]);
            return null;
        }

        return Verified(raw, signedFields, request);
    }

    private GatewayAnswer? Verified(string raw, string[] signedFields, Dictionary<string, string> request)
    {
        var fields = Fields(raw);
        var expected = VnpaySignature.SignFields(options.Value.HashSecret, [.. signedFields.Select(name => fields?.GetValueOrDefault(name))]);
        if (fields is null || !string.Equals(fields.GetValueOrDefault("vnp_SecureHash"), expected, StringComparison.OrdinalIgnoreCase)
            || fields.GetValueOrDefault("vnp_TxnRef") is { Length: > 0 } txnRef && txnRef != request["vnp_TxnRef"])
        {
            logger.LogWarning("The gateway's answer to {Command} for {TxnRef} was unreadable or badly signed", request["vnp_Command"], request["vnp_TxnRef"]);
            return null;
        }

        return new GatewayAnswer(fields, raw);
    }

    /// <summary>The answer's top-level fields as text (the gateway writes amounts as strings or numbers), or null when it is not a JSON object.</summary>
    private static Dictionary<string, string>? Fields(string raw)
    {
        try
        {
            return JsonNode.Parse(raw) is JsonObject body
                ? body.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValueKind() == JsonValueKind.String
                    ? p.Value.GetValue<string>()
                    : p.Value.ToJsonString(), StringComparer.Ordinal)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Not JSON, or a field twice.
            return null;
        }
    }
}

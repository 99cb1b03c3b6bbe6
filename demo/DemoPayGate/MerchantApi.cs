// POST /merchant_webapi/api/transaction: the merchant's server asks about a payment (querydr) or refunds it (refund).
// JSON both ways, always HTTP 200; each message signed over its fields joined with '|' (decision 0011).
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MotCua.DemoPayGate;

internal static class MerchantApi
{
    private static readonly Answer BadFormat = new("03", "Dữ liệu gửi sang không đúng định dạng");
    private static readonly Answer NotFound = new("91", "Không tìm thấy giao dịch yêu cầu");

    public static void MapMerchantApi(this IEndpointRouteBuilder app) => app.MapPost("/merchant_webapi/api/transaction", AnswerAsync);

    private static async Task<JsonHttpResult<Dictionary<string, string>>> AnswerAsync(HttpRequest request, Transactions transactions, RequestIds requestIds,
        IOptions<PayGateOptions> options, ILoggerFactory loggers)
    {
        var settings = options.Value;
        var fields = await ReadAsync(request);
        string Field(string name) => fields?.GetValueOrDefault(name) ?? "";
        var command = Field("vnp_Command");
        var answer = fields is null || command is not (ApiFields.QueryDr or ApiFields.Refund) ? BadFormat
            : Field("vnp_TmnCode") != settings.TmnCode ? new("02", "Merchant không hợp lệ")
            : !VnpaySignature.VerifyFields((command == ApiFields.QueryDr ? ApiFields.QueryDrRequest : ApiFields.RefundRequest).Select(Field),
                Field(VnpaySignature.Hash), settings.HashSecret) ? new("97", "Sai chữ ký")
            : Field("vnp_RequestId").Length == 0 || Field("vnp_Version") != "2.1.0" ? BadFormat
            : !requestIds.TryClaim(Field("vnp_RequestId")) ? new("94", "Yêu cầu bị trùng lặp")
            : command == ApiFields.QueryDr ? QueryDr(Field, transactions)
            : Refund(Field, transactions);
        loggers.CreateLogger(typeof(MerchantApi)).LogInformation("{Command} {TxnRef} (request {RequestId}): {ResponseCode} {Message}",
            command, Field("vnp_TxnRef"), Field("vnp_RequestId"), answer.ResponseCode, answer.Message);
        return TypedResults.Json(Response(command, Field("vnp_TxnRef"), answer, settings), JsonSerializerOptions.Web);
    }

    private static Answer QueryDr(Func<string, string> field, Transactions transactions) =>
        Find(field, transactions) is { } transaction ? new("00", "Truy vấn giao dịch thành công", transaction) : NotFound;

    /// <summary>A full (02) or partial (03) refund of a paid transaction, once: a second one answers 94.</summary>
    private static Answer Refund(Func<string, string> field, Transactions transactions)
    {
        var type = field("vnp_TransactionType");
        if (type is not (Transaction.FullRefund or Transaction.PartialRefund)
            || !long.TryParse(field("vnp_Amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return BadFormat;
        }

        if (Find(field, transactions) is not { } transaction)
        {
            return NotFound;
        }

        if (transaction.Status == Transaction.Refunded)
        {
            return new("94", "Giao dịch đã được hoàn tiền trước đó", transaction);
        }

        if (transaction.Status != Transaction.Paid)
        {
            return new("95", "Giao dịch chưa thanh toán thành công nên không thể hoàn tiền", transaction);
        }

        if (type == Transaction.FullRefund ? amount != transaction.Amount : amount > transaction.Amount)
        {
            return new("03", "Số tiền hoàn không hợp lệ: hoàn toàn phần bằng số tiền đã thanh toán, hoàn một phần không vượt quá số đó", transaction);
        }

        var refunded = transaction with { Status = Transaction.Refunded, TransactionType = type };
        return transactions.TryChange(transaction, refunded)
            ? new("00", "Hoàn tiền thành công", refunded, amount)
            : new("94", "Giao dịch vừa được hoàn tiền bởi một yêu cầu khác", transaction);
    }

    /// <summary>The transaction a request names: its <c>vnp_TxnRef</c>, paid for with <c>vnp_TransactionDate</c> as the pay request's <c>vnp_CreateDate</c>.</summary>
    private static Transaction? Find(Func<string, string> field, Transactions transactions) =>
        transactions.TryFind(field("vnp_TxnRef"), out var transaction) && transaction.CreateDate == field("vnp_TransactionDate") ? transaction : null;

    /// <summary>Exactly the response's signed fields, then its hash.</summary>
    private static Dictionary<string, string> Response(string command, string txnRef, Answer answer, PayGateOptions settings)
    {
        var transaction = answer.Transaction;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vnp_ResponseId"] = Guid.NewGuid().ToString("N"),
            ["vnp_Command"] = command,
            ["vnp_ResponseCode"] = answer.ResponseCode,
            ["vnp_Message"] = answer.Message,
            ["vnp_TmnCode"] = settings.TmnCode,
            ["vnp_TxnRef"] = txnRef,
            ["vnp_Amount"] = (answer.Amount ?? transaction?.Amount)?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["vnp_BankCode"] = transaction?.BankCode ?? "",
            ["vnp_PayDate"] = transaction?.PayDate ?? "",
            ["vnp_TransactionNo"] = transaction?.TransactionNo ?? "",
            ["vnp_TransactionType"] = transaction?.TransactionType ?? "",
            ["vnp_TransactionStatus"] = transaction?.Status ?? "",
            ["vnp_OrderInfo"] = transaction?.OrderInfo ?? "",
        };
        var signed = command == ApiFields.Refund ? ApiFields.RefundResponse : ApiFields.QueryDrResponse;
        var response = signed.ToDictionary(name => name, name => values.GetValueOrDefault(name, ""), StringComparer.Ordinal);
        response[VnpaySignature.Hash] = VnpaySignature.SignFields(signed.Select(name => response[name]), settings.HashSecret);
        return response;
    }

    /// <summary>The request's fields as text; a number (VNPay's own samples send <c>vnp_Amount</c> as one) as written. Null when it is not a JSON object of those.</summary>
    private static async Task<Dictionary<string, string>?> ReadAsync(HttpRequest request)
    {
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Number:
                        fields[property.Name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.Null:
                        break;
                    default:
                        return null;
                }
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <param name="Transaction">The transaction the answer reports, when one was found.</param>
    /// <param name="Amount">A refund's amount, which the refund answer reports instead of the payment's.</param>
    private sealed record Answer(string ResponseCode, string Message, Transaction? Transaction = null, long? Amount = null);
}

// Reads a pay request (GET /paymentv2/vpcpay.html?…) and checks it as VNPay does, from its signed query as received.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace MotCua.DemoPayGate;

/// <summary>A pay request that passed every check.</summary>
/// <param name="Query">The signed query as received, carried by the payment form and checked again when it comes back.</param>
internal sealed record PayOrder(string Query, string TmnCode, string TxnRef, long Amount, string OrderInfo, string CreateDate,
    DateTimeOffset ExpiresAt, Uri ReturnUrl);

/// <summary>Why a pay request is refused, as the error page says it.</summary>
internal sealed record Refusal(string Title, string Detail);

internal static class PayRequest
{
    private const string Invalid = "Giao dịch không hợp lệ";

    public static bool TryRead(string query, PayGateOptions options, Transactions transactions, DateTimeOffset now,
        [NotNullWhen(true)] out PayOrder? order, [NotNullWhen(false)] out Refusal? refusal)
    {
        order = null;
        var parameters = QueryHelpers.ParseQuery(query);
        if (parameters.Any(p => p.Value.Count > 1))
        {
            refusal = new(Invalid, "Một tham số xuất hiện nhiều lần trong yêu cầu.");
            return false;
        }

        var values = parameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        string Value(string key) => values.GetValueOrDefault(key, "");

        var amountRead = long.TryParse(Value("vnp_Amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount);
        var returnUrlRead = Uri.TryCreate(Value("vnp_ReturnUrl"), UriKind.Absolute, out var returnUrl) && returnUrl.Scheme is "http" or "https";
        var expiryRead = VietnamTime.TryParse(Value("vnp_ExpireDate"), out var expiresAt);
        refusal = Value("vnp_TmnCode") != options.TmnCode ? new("Không tìm thấy website", "Mã website (vnp_TmnCode) không đúng với mã đã đăng ký.")
            : !VnpaySignature.VerifyQuery(values, values.GetValueOrDefault(VnpaySignature.Hash), options.HashSecret)
                ? new("Sai chữ ký", "Chữ ký (vnp_SecureHash) không khớp với dữ liệu giao dịch.")
            : Value("vnp_Version") != "2.1.0" ? new(Invalid, "Phiên bản (vnp_Version) phải là 2.1.0.")
            : Value("vnp_Command") != "pay" ? new(Invalid, "Lệnh (vnp_Command) phải là pay.")
            : Value("vnp_CurrCode") != "VND" ? new(Invalid, "Đơn vị tiền tệ (vnp_CurrCode) phải là VND.")
            : !amountRead || amount <= 0 || amount % 100 != 0 ? new(Invalid, "Số tiền (vnp_Amount) phải là số dương, bằng số tiền VND nhân 100.")
            : Value("vnp_TxnRef").Length == 0 ? new(Invalid, "Thiếu mã giao dịch (vnp_TxnRef).")
            : Value("vnp_OrderInfo").Length == 0 ? new(Invalid, "Thiếu nội dung thanh toán (vnp_OrderInfo).")
            : !returnUrlRead ? new(Invalid, "Địa chỉ trả về (vnp_ReturnUrl) phải là một địa chỉ http(s) đầy đủ.")
            : !VietnamTime.TryParse(Value("vnp_CreateDate"), out _) ? new(Invalid, "Thời gian tạo (vnp_CreateDate) phải có dạng yyyyMMddHHmmss.")
            : !expiryRead ? new(Invalid, "Thời gian hết hạn (vnp_ExpireDate) phải có dạng yyyyMMddHHmmss.")
            : expiresAt <= now ? new("Giao dịch đã quá thời gian chờ thanh toán", "Vui lòng quay lại trang của đơn vị và thực hiện lại giao dịch.")
            : transactions.TryFind(Value("vnp_TxnRef"), out var known) && known.Status != Transaction.NotFinished
                ? new(Invalid, known.Status == Transaction.Failed ? "Giao dịch này đã bị hủy." : "Giao dịch này đã được thanh toán.")
            : null;
        if (refusal is not null)
        {
            return false;
        }

        order = new PayOrder(query, Value("vnp_TmnCode"), Value("vnp_TxnRef"), amount, Value("vnp_OrderInfo"), Value("vnp_CreateDate"), expiresAt, returnUrl!);
        return true;
    }
}

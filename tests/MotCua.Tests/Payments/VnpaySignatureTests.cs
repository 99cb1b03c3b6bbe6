// The VNPay 2.1.0 signing rules of API.md, against a vector computed outside this code base (Python's urllib quote_plus with '*'
// kept, and hmac/sha512), written here as literals.
using MotCua.Payments;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Payments;

public sealed class VnpaySignatureTests
{
    private const string Secret = "MOTCUADEMOSECRETKEY0123456789ABC";

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["vnp_Version"] = "2.1.0",
        ["vnp_Command"] = "pay",
        ["vnp_TmnCode"] = "MOTCUA01",
        ["vnp_Amount"] = "13500000",
        ["vnp_CurrCode"] = "VND",
        ["vnp_TxnRef"] = "HS-7K2M9Q4XW3RT-TT01-01",
        ["vnp_OrderInfo"] = "Lệ phí & thuế = 100% + (tạm tính) *đặc biệt* !",
        ["vnp_OrderType"] = "other",
        ["vnp_Locale"] = "vn",
        ["vnp_ReturnUrl"] = "https://dvc.example.vn/api/payments/vnpay/return?a=1&b=(2)",
        ["vnp_IpAddr"] = "203.0.113.7",
        ["vnp_CreateDate"] = "20261206101500",
        ["vnp_ExpireDate"] = "20261206103000",
        ["vnp_BankCode"] = "",
    };

    private const string ExpectedText =
        "vnp_Amount=13500000&vnp_Command=pay&vnp_CreateDate=20261206101500&vnp_CurrCode=VND&vnp_ExpireDate=20261206103000"
        + "&vnp_IpAddr=203.0.113.7&vnp_Locale=vn"
        + "&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+%26+thu%E1%BA%BF+%3D+100%25+%2B+%28t%E1%BA%A1m+t%C3%ADnh%29+*%C4%91%E1%BA%B7c+bi%E1%BB%87t*+%21"
        + "&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdvc.example.vn%2Fapi%2Fpayments%2Fvnpay%2Freturn%3Fa%3D1%26b%3D%282%29"
        + "&vnp_TmnCode=MOTCUA01&vnp_TxnRef=HS-7K2M9Q4XW3RT-TT01-01&vnp_Version=2.1.0";

    private const string ExpectedHash =
        "62b22a665188e7aa8c40e94ffa923cd87e00bf8559198506a7281fd85728e5808dc937243c74907caa9cfecdb65bb567f7d86c81109d186459f4c936073e0951";

    [Fact]
    public void The_signed_text_drops_empty_values_sorts_keys_and_form_encodes_every_special_character() =>
        Assert.Equal(ExpectedText, VnpaySignature.SignedText(Parameters));

    [Fact]
    public void The_signature_is_the_lower_case_hmac_sha512_of_that_text() =>
        Assert.Equal(ExpectedHash, VnpaySignature.Sign(VnpaySignature.SignedText(Parameters), Secret));

    [Fact]
    public void The_hash_and_its_type_are_not_signed_and_a_capitalised_hash_still_verifies()
    {
        var received = new Dictionary<string, string>(Parameters) { ["vnp_SecureHashType"] = "HmacSHA512", ["vnp_SecureHash"] = ExpectedHash };

        Assert.Equal(ExpectedText, VnpaySignature.SignedText(received));
        Assert.True(VnpaySignature.Matches(ExpectedText, ExpectedHash.ToUpperInvariant(), Secret));
        Assert.False(VnpaySignature.Matches(ExpectedText, ExpectedHash, "another-secret-of-enough-length"));
        Assert.False(VnpaySignature.Matches(ExpectedText + "0", ExpectedHash, Secret));
    }

    [Theory]
    [InlineData("!", "%21")]
    [InlineData("(", "%28")]
    [InlineData(")", "%29")]
    [InlineData("'", "%27")]
    [InlineData("~", "%7E")]
    [InlineData("*-._", "*-._")]
    [InlineData(" ", "+")]
    [InlineData("+", "%2B")]
    [InlineData("đ", "%C4%91")]
    public void Encoding_follows_the_form_encoding_not_dotnets_url_encoder(string value, string encoded) =>
        Assert.Equal(encoded, VnpaySignature.FormEncode(value));

    [Fact]
    public void A_pay_url_carries_the_protocols_parameters_in_vietnam_time_and_verifies_as_the_gateway_checks_it()
    {
        var options = new PaymentsOptions
        {
            GatewayUrl = new Uri("http://127.0.0.1:7073/paymentv2/vpcpay.html"), ApiUrl = new Uri("http://127.0.0.1:7073/api"),
            ReturnUrl = new Uri("http://localhost:7071/api/payments/vnpay/return"), TmnCode = FunctionApp.PaymentTmnCode, HashSecret = FunctionApp.PaymentHashSecret,
        };
        var now = new DateTimeOffset(2026, 12, 6, 3, 4, 5, TimeSpan.Zero);
        var payment = PaymentRow.New("HS-7K2M9Q4XW3RT", 1, 135_000, PaymentRow.FeeReason, agencyId: null, now);

        var attempt = Checkout.NewAttempt(options, "HS-7K2M9Q4XW3RT", payment, "203.0.113.7", now);

        var url = new Uri(attempt.PayUrl);
        var query = TestVnpay.Parameters(url.Query);
        Assert.Equal("/paymentv2/vpcpay.html", url.AbsolutePath);
        Assert.Equal("13500000", query["vnp_Amount"]);
        Assert.Equal("20261206100405", query["vnp_CreateDate"]);
        Assert.Equal("20261206101905", query["vnp_ExpireDate"]);
        Assert.Equal("HS-7K2M9Q4XW3RT-TT01-01", query["vnp_TxnRef"]);
        Assert.Equal(("2.1.0", "pay", "VND", "vn", "other"),
            (query["vnp_Version"], query["vnp_Command"], query["vnp_CurrCode"], query["vnp_Locale"], query["vnp_OrderType"]));
        Assert.Equal("Thanh toan Le phi ho so HS-7K2M9Q4XW3RT", query["vnp_OrderInfo"]);
        Assert.Equal(TestVnpay.Hmac(FunctionApp.PaymentHashSecret, TestVnpay.SignedText(query)), query["vnp_SecureHash"]);
        Assert.Equal(TestVnpay.SignedText(query), url.Query[1..url.Query.IndexOf("&vnp_SecureHash=", StringComparison.Ordinal)]);
    }

    [Fact]
    public void Each_attempt_of_a_payment_has_its_own_reference_leading_back_to_the_dossier()
    {
        var payment = PaymentRow.New("HS-7K2M9Q4XW3RT", 2, 500_000, "Chi phí đấu nối", "evn-hanoi", DateTimeOffset.UnixEpoch);
        payment.Attempts = 1;
        var options = new PaymentsOptions
        {
            GatewayUrl = new Uri("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"), ReturnUrl = new Uri("https://dvc.example.vn/return"),
            TmnCode = "MOTCUA01", HashSecret = Secret,
        };

        var second = Checkout.NewAttempt(options, "HS-7K2M9Q4XW3RT", payment, "127.0.0.1", DateTimeOffset.UnixEpoch);

        Assert.Equal("HS-7K2M9Q4XW3RT-TT02-02", second.TxnRef);
        Assert.Equal(("HS-7K2M9Q4XW3RT", "HS-7K2M9Q4XW3RT-TT02"), PaymentRefs.Parse(second.TxnRef));
        Assert.Null(PaymentRefs.Parse("HS-7K2M9Q4XW3RT-TT02"));
        Assert.Null(PaymentRefs.Parse("XX-7K2M9Q4XW3RT-TT02-01"));
        Assert.Null(PaymentRefs.Parse("HS-7K2M9Q4XW3RT-TT02-01-01"));
    }
}

// The demo payment gateway alone, over HTTP: its payment page, IPN, return redirect, querydr and refund, checked with
// the tests' own signing (TestVnpay), as the portal's gateway client will meet them.
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MotCua.DemoPayGate;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.PayGate;

public sealed class DemoPayGateTests
{
    private const string ReturnUrl = "http://portal.test/api/payments/vnpay/return";
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private static readonly HttpClient Browser = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private static readonly string[] BankCodes = ["NCB", "VCB", "VIETINBANK", "BIDV", "AGRIBANK", "TCB", "MB"];

    /// <summary>A checkout as the portal makes it: the signed pay URL, its reference and its vnp_CreateDate.</summary>
    private sealed record Checkout(Uri PayUrl, string TxnRef, string CreateDate, DateTimeOffset ExpiresAt);

    [Fact]
    public void The_tests_form_encoding_is_javas_URLEncoder()
    {
        Assert.Equal("Le+phi+HS-001+%28lan+1%29%21+%7E%27*._%2B%26%3D", TestVnpay.FormEncode("Le phi HS-001 (lan 1)! ~'*._+&="));
        Assert.Equal("L%E1%BB%87+ph%C3%AD", TestVnpay.FormEncode("Lệ phí"));
    }

    [Fact]
    public async Task A_signed_pay_url_shows_the_payment_page_in_Vietnamese()
    {
        await using var gate = await TestPayGate.StartAsync();
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow, amountVnd: 135_000);

        using var page = await Browser.GetAsync(checkout.PayUrl);

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("135.000 ₫", html, StringComparison.Ordinal);
        Assert.Contains(gate.TmnCode, html, StringComparison.Ordinal);
        Assert.Contains($"Le phi ho so {checkout.TxnRef}", html, StringComparison.Ordinal);
        Assert.Contains(checkout.ExpiresAt.ToOffset(Vietnam).ToString("HH:mm:ss 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/paymentv2/pay\">", html, StringComparison.Ordinal);
        Assert.Contains(">Thanh toán</button>", html, StringComparison.Ordinal);
        Assert.Contains(">Hủy</button>", html, StringComparison.Ordinal);
        Assert.All(BankCodes, code => Assert.Contains($"<label><input type=\"radio\" name=\"bank\" value=\"{code}\"", html, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("amount changed after signing")]
    [InlineData("signed with another secret")]
    [InlineData("no signature")]
    public async Task A_tampered_pay_url_is_refused(string tampering)
    {
        await using var gate = await TestPayGate.StartAsync();
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow, amountVnd: 135_000, secret: tampering == "signed with another secret" ? "another-secret" : null);
        var url = checkout.PayUrl.AbsoluteUri;
        url = tampering switch
        {
            "amount changed after signing" => url.Replace("vnp_Amount=13500000", "vnp_Amount=100", StringComparison.Ordinal),
            "no signature" => url[..url.IndexOf("&vnp_SecureHash=", StringComparison.Ordinal)],
            _ => url,
        };

        using var page = await Browser.GetAsync(new Uri(url));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("<h1>Sai chữ ký</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vnp_TmnCode", "OTHER001", "Không tìm thấy website")]
    [InlineData("vnp_Version", "2.0.0", "vnp_Version")]
    [InlineData("vnp_Command", "querydr", "vnp_Command")]
    [InlineData("vnp_CurrCode", "USD", "vnp_CurrCode")]
    [InlineData("vnp_Amount", "0", "vnp_Amount")]
    [InlineData("vnp_Amount", "13500050", "vnp_Amount")]
    [InlineData("vnp_Amount", "-13500000", "vnp_Amount")]
    [InlineData("vnp_ReturnUrl", "/api/payments/vnpay/return", "vnp_ReturnUrl")]
    [InlineData("vnp_ExpireDate", "2026-12-06 10:00", "vnp_ExpireDate")]
    [InlineData("vnp_ExpireDate", "20200101000000", "Giao dịch đã quá thời gian chờ thanh toán")]
    public async Task A_signed_pay_url_that_breaks_a_rule_is_refused(string parameter, string value, string said)
    {
        await using var gate = await TestPayGate.StartAsync();
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow, change: parameters => parameters[parameter] = value);

        using var page = await Browser.GetAsync(checkout.PayUrl);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains(said, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paying_sends_a_signed_IPN_and_the_same_parameters_back_to_the_browser()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 3, 4, 5, TimeSpan.Zero));
        await using var gate = await TestPayGate.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        await using var ipn = await IpnStub.StartAsync();
        gate.IpnUrl = ipn.Url;
        // Characters .NET's WebUtility.UrlEncode leaves alone, which Java's URLEncoder (and so the signature) escapes.
        var checkout = NewCheckout(gate, clock.GetUtcNow(), amountVnd: 135_000, orderInfo: "Le phi (lan 1)! ~'*");

        var back = await gate.PayAsync(checkout.PayUrl, bank: "VCB");

        Assert.StartsWith(ReturnUrl + "?", back.AbsoluteUri, StringComparison.Ordinal);
        var returned = TestVnpay.Parameters(back.Query);
        var query = Assert.Single(ipn.Queries);
        Assert.Contains("vnp_OrderInfo=Le+phi+%28lan+1%29%21+%7E%27*&", query, StringComparison.Ordinal);
        var notified = TestVnpay.Parameters(query);
        Assert.Equal(notified, returned);
        Assert.True(TestVnpay.Verifies(notified, gate.HashSecret), query);
        Assert.Equal("00", notified["vnp_ResponseCode"]);
        Assert.Equal("00", notified["vnp_TransactionStatus"]);
        Assert.Matches("^[0-9]{8}$", notified["vnp_TransactionNo"]);
        Assert.Matches("^VNP[0-9]+$", notified["vnp_BankTranNo"]);
        Assert.Equal("VCB", notified["vnp_BankCode"]);
        Assert.Equal("ATM", notified["vnp_CardType"]);
        Assert.Equal("13500000", notified["vnp_Amount"]);
        Assert.Equal("20261206100405", notified["vnp_PayDate"]);
        Assert.Equal(checkout.TxnRef, notified["vnp_TxnRef"]);
        Assert.Equal(gate.TmnCode, notified["vnp_TmnCode"]);
        Assert.Equal("Le phi (lan 1)! ~'*", notified["vnp_OrderInfo"]);
        Assert.Equal("HmacSHA512", notified["vnp_SecureHashType"]);
    }

    [Fact]
    public async Task Cancelling_answers_24_and_02_without_a_transaction_number()
    {
        await using var gate = await TestPayGate.StartAsync();
        await using var ipn = await IpnStub.StartAsync();
        gate.IpnUrl = ipn.Url;
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow);

        var back = TestVnpay.Parameters((await gate.PayAsync(checkout.PayUrl, cancel: true)).Query);

        Assert.True(TestVnpay.Verifies(back, gate.HashSecret));
        Assert.Equal(TestVnpay.Parameters(Assert.Single(ipn.Queries)), back);
        Assert.Equal("24", back["vnp_ResponseCode"]);
        Assert.Equal("02", back["vnp_TransactionStatus"]);
        Assert.Equal("0", back["vnp_TransactionNo"]);
        Assert.False(back.ContainsKey("vnp_BankTranNo"));
        Assert.Equal("02", (await QueryDrAsync(gate, checkout))["vnp_TransactionStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reference_already_paid_is_refused()
    {
        await using var gate = await TestPayGate.StartAsync();
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow);
        await gate.PayAsync(checkout.PayUrl);

        using var again = await Browser.GetAsync(checkout.PayUrl);

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Giao dịch này đã được thanh toán.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_is_checked_again_when_it_comes_back()
    {
        await using var gate = await TestPayGate.StartAsync();
        await using var ipn = await IpnStub.StartAsync();
        gate.IpnUrl = ipn.Url;
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow, amountVnd: 135_000);
        (await Browser.GetAsync(checkout.PayUrl)).Dispose();
        var tampered = checkout.PayUrl.Query[1..].Replace("vnp_Amount=13500000", "vnp_Amount=100", StringComparison.Ordinal);

        using var forged = await PostFormAsync(gate, tampered, "NCB", "pay");
        using var unknownBank = await PostFormAsync(gate, checkout.PayUrl.Query[1..], "NOTABANK", "pay");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("<h1>Sai chữ ký</h1>", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownBank.StatusCode);
        Assert.Empty(ipn.Queries);
        var state = await QueryDrAsync(gate, checkout);
        Assert.Equal("00", state["vnp_ResponseCode"]!.GetValue<string>());
        Assert.Equal("01", state["vnp_TransactionStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Time_runs_out_between_the_page_and_the_button()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gate = await TestPayGate.StartAsync(services => services.AddSingleton<TimeProvider>(clock));
        var checkout = NewCheckout(gate, clock.GetUtcNow());
        (await Browser.GetAsync(checkout.PayUrl)).Dispose();
        clock.Advance(TimeSpan.FromMinutes(16));

        using var late = await PostFormAsync(gate, checkout.PayUrl.Query[1..], "NCB", "pay");

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains("Giao dịch đã quá thời gian chờ thanh toán", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("02")]
    public async Task An_unconfirmed_IPN_is_retried_after_the_browser_is_sent_back_until_confirmed(string confirmation)
    {
        await using var gate = await TestPayGate.StartAsync(options: ["--ipn-retries", "5", "--ipn-retry-delay", "00:00:01"]);
        await using var ipn = await IpnStub.StartAsync("99", "97", confirmation);
        gate.IpnUrl = ipn.Url;

        await gate.PayAsync(NewCheckout(gate, DateTimeOffset.UtcNow).PayUrl);

        // The browser is sent back after the first try; the retries, a second apart, come after.
        Assert.Single(ipn.Queries);
        await Poll.UntilAsync(() => ipn.Queries.Count >= 3, TimeSpan.FromSeconds(20), () => $"{ipn.Queries.Count} IPN calls");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(3, ipn.Queries.Count);
        Assert.Single(ipn.Queries.Distinct());
    }

    [Fact]
    public async Task IPN_retries_stop_after_the_configured_number()
    {
        await using var gate = await TestPayGate.StartAsync(options: ["--ipn-retries", "2", "--ipn-retry-delay", "00:00:00.2"]);
        await using var ipn = await IpnStub.StartAsync(Enumerable.Repeat("99", 10).ToArray());
        gate.IpnUrl = ipn.Url;

        await gate.PayAsync(NewCheckout(gate, DateTimeOffset.UtcNow).PayUrl);

        await Poll.UntilAsync(() => ipn.Queries.Count >= 3, TimeSpan.FromSeconds(20), () => $"{ipn.Queries.Count} IPN calls");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, ipn.Queries.Count);
    }

    [Fact]
    public async Task A_dropped_IPN_leaves_the_payment_recorded_for_querydr()
    {
        await using var gate = await TestPayGate.StartAsync();
        await using var ipn = await IpnStub.StartAsync();
        (gate.IpnUrl, gate.DropIpn) = (ipn.Url, true);
        var dropped = NewCheckout(gate, DateTimeOffset.UtcNow);

        var back = TestVnpay.Parameters((await gate.PayAsync(dropped.PayUrl)).Query);

        // The IPN's only try would have been made before the browser was sent back.
        Assert.Empty(ipn.Queries);
        var state = await QueryDrAsync(gate, dropped);
        Assert.Equal("00", state["vnp_TransactionStatus"]!.GetValue<string>());
        Assert.Equal(back["vnp_TransactionNo"], state["vnp_TransactionNo"]!.GetValue<string>());

        gate.DropIpn = false;
        await gate.PayAsync(NewCheckout(gate, DateTimeOffset.UtcNow).PayUrl);
        Assert.Single(ipn.Queries);
    }

    [Fact]
    public async Task QueryDr_tells_unknown_shown_paid_and_refunded_apart()
    {
        await using var gate = await TestPayGate.StartAsync();
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow, amountVnd: 135_000);

        var unknown = await QueryDrAsync(gate, checkout);
        (await Browser.GetAsync(checkout.PayUrl)).Dispose();
        var shown = await QueryDrAsync(gate, checkout);
        var back = TestVnpay.Parameters((await gate.PayAsync(checkout.PayUrl, bank: "BIDV")).Query);
        var paid = await QueryDrAsync(gate, checkout);
        var refund = await RefundAsync(gate, checkout, "02", 13_500_000, back["vnp_TransactionNo"]);
        var refunded = await QueryDrAsync(gate, checkout);

        Assert.Equal("91", unknown["vnp_ResponseCode"]!.GetValue<string>());
        Assert.Equal(("00", "01", "13500000"), (Text(shown, "vnp_ResponseCode"), Text(shown, "vnp_TransactionStatus"), Text(shown, "vnp_Amount")));
        Assert.Equal(("00", "00", "01"), (Text(paid, "vnp_ResponseCode"), Text(paid, "vnp_TransactionStatus"), Text(paid, "vnp_TransactionType")));
        Assert.Equal((back["vnp_TransactionNo"], "BIDV", back["vnp_PayDate"]), (Text(paid, "vnp_TransactionNo"), Text(paid, "vnp_BankCode"), Text(paid, "vnp_PayDate")));
        Assert.Equal(("00", "06", "02"), (Text(refund, "vnp_ResponseCode"), Text(refund, "vnp_TransactionStatus"), Text(refund, "vnp_TransactionType")));
        Assert.Equal(("00", "06", "02"), (Text(refunded, "vnp_ResponseCode"), Text(refunded, "vnp_TransactionStatus"), Text(refunded, "vnp_TransactionType")));
        Assert.Equal(checkout.TxnRef, Text(refunded, "vnp_TxnRef"));
    }

    [Fact]
    public async Task Refund_takes_only_a_paid_transaction_once_and_no_more_than_was_paid()
    {
        await using var gate = await TestPayGate.StartAsync();
        var cancelled = NewCheckout(gate, DateTimeOffset.UtcNow);
        await gate.PayAsync(cancelled.PayUrl, cancel: true);
        var paid = NewCheckout(gate, DateTimeOffset.UtcNow, amountVnd: 135_000);
        var number = TestVnpay.Parameters((await gate.PayAsync(paid.PayUrl)).Query)["vnp_TransactionNo"];

        var notPaid = await RefundAsync(gate, cancelled, "02", 13_500_000, "0");
        var tooMuch = await RefundAsync(gate, paid, "03", 13_500_100, number);
        var fullButLess = await RefundAsync(gate, paid, "02", 5_000_000, number);
        var partial = await RefundAsync(gate, paid, "03", 5_000_000, number);
        var second = await RefundAsync(gate, paid, "03", 100, number);
        var state = await QueryDrAsync(gate, paid);

        Assert.Equal("95", Text(notPaid, "vnp_ResponseCode"));
        Assert.Equal("03", Text(tooMuch, "vnp_ResponseCode"));
        Assert.Equal("03", Text(fullButLess, "vnp_ResponseCode"));
        Assert.Equal(("00", "5000000", "03"), (Text(partial, "vnp_ResponseCode"), Text(partial, "vnp_Amount"), Text(partial, "vnp_TransactionType")));
        Assert.Equal("94", Text(second, "vnp_ResponseCode"));
        Assert.Equal(("06", "03", "13500000"), (Text(state, "vnp_TransactionStatus"), Text(state, "vnp_TransactionType"), Text(state, "vnp_Amount")));
    }

    [Fact]
    public async Task The_API_refuses_a_bad_signature_a_repeated_request_id_another_merchant_and_a_wrong_date()
    {
        await using var gate = await TestPayGate.StartAsync();
        var checkout = NewCheckout(gate, DateTimeOffset.UtcNow);
        await gate.PayAsync(checkout.PayUrl);
        var requestId = NewId();

        var badSignature = await QueryDrAsync(gate, checkout, secret: "not-the-secret");
        var first = await QueryDrAsync(gate, checkout, requestId: requestId);
        var repeated = await QueryDrAsync(gate, checkout, requestId: requestId);
        var otherMerchant = await QueryDrAsync(gate, checkout, tmnCode: "OTHER001");
        var wrongDate = await QueryDrAsync(gate, checkout with { CreateDate = "20200101000000" });
        var refundRepeated = await RefundAsync(gate, checkout, "02", 13_500_000, "0", requestId: requestId);

        Assert.Equal("97", Text(badSignature, "vnp_ResponseCode"));
        Assert.Equal("00", Text(first, "vnp_ResponseCode"));
        Assert.Equal("94", Text(repeated, "vnp_ResponseCode"));
        Assert.Equal("02", Text(otherMerchant, "vnp_ResponseCode"));
        Assert.Equal("91", Text(wrongDate, "vnp_ResponseCode"));
        Assert.Equal("94", Text(refundRepeated, "vnp_ResponseCode"));
    }

    [Fact]
    public async Task The_API_answers_03_to_what_is_not_a_querydr_or_refund()
    {
        await using var gate = await TestPayGate.StartAsync();
        using var http = new HttpClient();

        using var notJson = await http.PostAsync(gate.ApiUrl, new StringContent("vnp_Command=querydr"));
        using var otherCommand = await http.PostAsJsonAsync(gate.ApiUrl, new JsonObject { ["vnp_Command"] = "pay", ["vnp_TmnCode"] = gate.TmnCode });

        Assert.Equal(HttpStatusCode.OK, notJson.StatusCode);
        Assert.Equal("03", Text(await Signed(notJson, TestVnpay.QueryDrResponse, gate), "vnp_ResponseCode"));
        Assert.Equal("03", Text(await Signed(otherCommand, TestVnpay.QueryDrResponse, gate), "vnp_ResponseCode"));
    }

    [Fact]
    public async Task Its_defaults_are_the_merchant_and_addresses_the_sample_local_settings_give_the_portal()
    {
        using var sample = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "local.settings.sample.json")));
        string Setting(string name) => sample.RootElement.GetProperty("Values").GetProperty(name).GetString()!;
        var (gatewayUrl, apiUrl, returnUrl) = (new Uri(Setting("Payments__GatewayUrl")), new Uri(Setting("Payments__ApiUrl")), new Uri(Setting("Payments__ReturnUrl")));
        // Everything at its default but where it listens, which a gateway run by hand may already hold.
        var listen = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/");
        await using var gate = PayGateApp.Build(["--listen", listen.AbsoluteUri, "--Logging:LogLevel:Default", "Warning"]);
        await gate.StartAsync();
        var checkout = NewCheckout(new Uri(listen, gatewayUrl.AbsolutePath), Setting("Payments__TmnCode"), Setting("Payments__HashSecret"), DateTimeOffset.UtcNow);

        using var page = await Browser.GetAsync(checkout.PayUrl);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(("http://127.0.0.1:7073/", "http://127.0.0.1:7073/"), (gatewayUrl.GetLeftPart(UriPartial.Authority) + "/", apiUrl.GetLeftPart(UriPartial.Authority) + "/"));
        Assert.Equal(("/paymentv2/vpcpay.html", "/merchant_webapi/api/transaction"), (gatewayUrl.AbsolutePath, apiUrl.AbsolutePath));
        Assert.Equal(new Uri(returnUrl, "ipn"), gate.Services.GetRequiredService<PayGateControl>().IpnUrl);
    }

    [Theory]
    [InlineData("--ipn-url", "not a url")]
    [InlineData("--listen", "http://127.0.0.1:7073/path")]
    [InlineData("--ipn-retries", "-1")]
    [InlineData("--tmn-code", " ")]
    public void A_bad_option_stops_the_start_naming_it(string option, string value)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => PayGateApp.Build([option, value]));

        Assert.Contains(option, refused.Message, StringComparison.Ordinal);
    }

    private static Checkout NewCheckout(TestPayGate gate, DateTimeOffset now, long amountVnd = 50_000, string? orderInfo = null, string? secret = null,
        Action<Dictionary<string, string>>? change = null) =>
        NewCheckout(gate.GatewayUrl, gate.TmnCode, secret ?? gate.HashSecret, now, amountVnd, orderInfo, change);

    private static Checkout NewCheckout(Uri gatewayUrl, string tmnCode, string secret, DateTimeOffset now, long amountVnd = 50_000, string? orderInfo = null,
        Action<Dictionary<string, string>>? change = null)
    {
        var txnRef = $"HS-{NewId()[..10]}-TT01-01";
        var (created, expires) = (now.ToOffset(Vietnam), now.ToOffset(Vietnam).AddMinutes(15));
        var parameters = new Dictionary<string, string>
        {
            ["vnp_Version"] = "2.1.0",
            ["vnp_Command"] = "pay",
            ["vnp_TmnCode"] = tmnCode,
            ["vnp_Amount"] = (amountVnd * 100).ToString(CultureInfo.InvariantCulture),
            ["vnp_CurrCode"] = "VND",
            ["vnp_TxnRef"] = txnRef,
            ["vnp_OrderInfo"] = orderInfo ?? $"Le phi ho so {txnRef}",
            ["vnp_OrderType"] = "other",
            ["vnp_Locale"] = "vn",
            ["vnp_ReturnUrl"] = ReturnUrl,
            ["vnp_IpAddr"] = "127.0.0.1",
            ["vnp_CreateDate"] = created.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            ["vnp_ExpireDate"] = expires.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
        };
        change?.Invoke(parameters);
        var url = new Uri($"{gatewayUrl}?{TestVnpay.SignQuery(parameters, secret)}");
        return new Checkout(url, txnRef, parameters["vnp_CreateDate"], expires);
    }

    /// <summary>What the payment form posts, with a query of the test's choosing in its hidden field.</summary>
    private static Task<HttpResponseMessage> PostFormAsync(TestPayGate gate, string query, string bank, string action) =>
        Browser.PostAsync(new Uri(gate.BaseAddress, "paymentv2/pay"), new FormUrlEncodedContent(
            [new("query", query), new("bank", bank), new("action", action)]));

    private static async Task<JsonObject> QueryDrAsync(TestPayGate gate, Checkout checkout, string? requestId = null, string? secret = null,
        string? tmnCode = null)
    {
        var fields = new JsonObject
        {
            ["vnp_RequestId"] = requestId ?? NewId(),
            ["vnp_Version"] = "2.1.0",
            ["vnp_Command"] = "querydr",
            ["vnp_TmnCode"] = tmnCode ?? gate.TmnCode,
            ["vnp_TxnRef"] = checkout.TxnRef,
            ["vnp_OrderInfo"] = $"Truy van giao dich {checkout.TxnRef}",
            ["vnp_TransactionDate"] = checkout.CreateDate,
            ["vnp_CreateDate"] = DateTimeOffset.UtcNow.ToOffset(Vietnam).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            ["vnp_IpAddr"] = "127.0.0.1",
        };
        return await CallAsync(gate, fields, TestVnpay.QueryDrRequest, TestVnpay.QueryDrResponse, secret);
    }

    /// <summary>A refund as VNPay's own sample sends it: <c>vnp_Amount</c> a JSON number.</summary>
    private static async Task<JsonObject> RefundAsync(TestPayGate gate, Checkout checkout, string type, long amount, string transactionNo,
        string? requestId = null)
    {
        var fields = new JsonObject
        {
            ["vnp_RequestId"] = requestId ?? NewId(),
            ["vnp_Version"] = "2.1.0",
            ["vnp_Command"] = "refund",
            ["vnp_TmnCode"] = gate.TmnCode,
            ["vnp_TransactionType"] = type,
            ["vnp_TxnRef"] = checkout.TxnRef,
            ["vnp_Amount"] = amount,
            ["vnp_OrderInfo"] = $"Hoan tien {checkout.TxnRef}",
            ["vnp_TransactionNo"] = transactionNo,
            ["vnp_TransactionDate"] = checkout.CreateDate,
            ["vnp_CreateBy"] = "ops@motcua.test",
            ["vnp_CreateDate"] = DateTimeOffset.UtcNow.ToOffset(Vietnam).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            ["vnp_IpAddr"] = "127.0.0.1",
        };
        return await CallAsync(gate, fields, TestVnpay.RefundRequest, TestVnpay.RefundResponse, secret: null);
    }

    /// <summary>Signs <paramref name="fields"/>, posts them, and checks that the answer is signed over its own fields.</summary>
    private static async Task<JsonObject> CallAsync(TestPayGate gate, JsonObject fields, string[] requestOrder, string[] responseOrder, string? secret)
    {
        fields["vnp_SecureHash"] = TestVnpay.SignFields(secret ?? gate.HashSecret, requestOrder.Select(name => fields[name]?.ToString() ?? ""));
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(gate.ApiUrl, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Signed(response, responseOrder, gate);
    }

    private static async Task<JsonObject> Signed(HttpResponseMessage response, string[] order, TestPayGate gate)
    {
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(TestVnpay.SignFields(gate.HashSecret, order.Select(name => Text(answer, name))), Text(answer, "vnp_SecureHash"));
        return answer;
    }

    private static string Text(JsonObject answer, string name) => answer[name]?.GetValue<string>() ?? "";

    private static string NewId() => Guid.NewGuid().ToString("N");
}

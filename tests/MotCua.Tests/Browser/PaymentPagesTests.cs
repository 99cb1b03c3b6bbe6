// Issue 15 in the browser: a level-4 fee paid from the receipt on the demo gateway's page, the way back to tracking (the key
// kept in the tab for the trip only), the electronic receipt, and the ops dashboard's payments.
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MotCua.Tests.Infrastructure;
using MotCua.Tests.Payments;
using Xunit.Abstractions;

namespace MotCua.Tests.Browser;

public sealed class PaymentPagesTests(WebPortal web, ITestOutputHelper output) : IClassFixture<WebPortal>
{
    private const string Roads = "bxd-cucduongbo";
    private const string KeyLabel = "Khóa chức năng";

    /// <summary>Samples.LicenceFiles()'s parts by the start of their label on the form.</summary>
    private static readonly Dictionary<string, string> DocumentLabels = new()
    {
        ["healthCertificate"] = "Giấy khám sức khỏe",
        ["currentLicence"] = "Bản chụp hai mặt giấy phép lái xe",
        ["portraitPhoto"] = "Ảnh chân dung",
    };

    [Fact]
    public async Task A_citizen_pays_the_fee_from_the_receipt_on_the_gateways_page_returns_to_a_forwarded_dossier_and_downloads_the_receipt()
    {
        await web.Portal.RegisterAsync(web.Agency, Roads);
        var page = await web.NewPageAsync();

        await page.GotoAsync($"/procedure.html?code={Samples.LicenceExchange}");
        await Assertions.Expect(page.Locator("#fee")).ToContainTextAsync("135.000 ₫");
        await Assertions.Expect(page.Locator("#fee")).ToContainTextAsync("Nộp trực tuyến qua cổng thanh toán");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }).ClickAsync();
        await FillLicenceExchangeAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#fee-due")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fee-amount")).ToHaveTextAsync("135.000 ₫");
        await Assertions.Expect(page.Locator("#fee-due")).ToContainTextAsync("Hồ sơ sẽ được chuyển đến cơ quan xử lý sau khi bạn nộp lệ phí");
        var id = await page.Locator("#receipt-id").InnerTextAsync();
        var key = await page.Locator("#receipt-key").InnerTextAsync();
        Assert.Equal("awaiting_payment", (await web.Portal.GetDossierAsync(id, key)).Body!["status"]!.GetValue<string>());
        await Screenshot(page, "pay-1-receipt-fee-due");

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp lệ phí ngay" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(web.PayGate.GatewayUrl.AbsoluteUri) + @"\?"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thanh toán trực tuyến");
        await Assertions.Expect(page.Locator(".amount")).ToHaveTextAsync("135.000 ₫");
        await Screenshot(page, "pay-2-gateway");
        await page.GetByLabel("Vietcombank").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thanh toán", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/track\.html\?id={Regex.Escape(id)}&payment=[^&]+&gateway=paid$"));
        Assert.DoesNotContain(key, page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#return-message .notice.ok")).ToContainTextAsync("Thanh toán thành công");
        var payment = page.Locator("#payments li");
        await Assertions.Expect(payment).ToHaveCountAsync(1);
        await Assertions.Expect(payment).ToContainTextAsync("Lệ phí");
        await Assertions.Expect(payment).ToContainTextAsync("135.000 ₫");
        await Assertions.Expect(payment.Locator(".status")).ToHaveTextAsync("Đã thanh toán");
        await Assertions.Expect(payment).ToContainTextAsync(new Regex(@"thanh toán lúc \d{2}/\d{2}/\d{4} \d{2}:\d{2}"));
        await Assertions.Expect(payment.GetByRole(AriaRole.Button, new() { Name = "Nộp lệ phí" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Đã chuyển cơ quan xử lý");
        await Assertions.Expect(page.Locator("#fee-due")).ToBeHiddenAsync();
        // Kept in this tab only while the tracking page shows the dossier (a reload keeps it), never in localStorage.
        Assert.Equal(["motcua.dossier"], await page.EvaluateAsync<string[]>("() => Object.keys(localStorage).concat(Object.keys(sessionStorage))"));
        var submitted = await web.Agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == id);
        Assert.Equal(135000, submitted.Data["payments"]![0]!["amountVnd"]!.GetValue<long>());
        await Screenshot(page, "pay-3-track-paid");

        var download = await page.RunAndWaitForDownloadAsync(() => payment.GetByRole(AriaRole.Button, new() { Name = "Tải biên lai" }).ClickAsync());
        var receipt = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Matches(@"^bien-lai-[^/]+\.pdf$", download.SuggestedFilename);
        Assert.Equal("%PDF"u8.ToArray(), receipt[..4]);
    }

    [Fact]
    public async Task Returning_from_a_cancelled_payment_says_it_failed_and_offers_to_pay_again()
    {
        var submitted = await web.Portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var page = await web.NewPageAsync();
        await OpenAsync(page, submitted);
        await Assertions.Expect(page.Locator("#fee-due")).ToContainTextAsync("Hồ sơ sẽ được chuyển đến cơ quan xử lý sau khi bạn nộp lệ phí");
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Chờ nộp lệ phí");

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp lệ phí" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thanh toán trực tuyến");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hủy" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/track\.html\?id=[^&]+&payment=[^&]+&gateway=failed$"));
        await Assertions.Expect(page.Locator("#return-message")).ToHaveTextAsync("Thanh toán không thành công, bạn có thể thử lại.");
        await Assertions.Expect(page.Locator("#payments .status")).ToHaveTextAsync("Thanh toán không thành công");
        await Assertions.Expect(page.Locator("#fee-due")).ToBeVisibleAsync();
        await Screenshot(page, "pay-5-track-failed");

        // Paid meanwhile (another tab): the API's 409 is shown, and the page shows the payment as it now is.
        await web.PayGate.PayAsync(new Uri(await PaymentFlow.PayUrlAsync(web.Portal, submitted)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp lệ phí" }).ClickAsync();
        await Assertions.Expect(page.Locator("#payment-message")).ToHaveTextAsync("Khoản phí này đã được thanh toán.");
        await Assertions.Expect(page.Locator("#payments .status")).ToHaveTextAsync("Đã thanh toán");
    }

    [Fact]
    public async Task The_ops_dashboard_lists_the_days_paid_payments_with_their_total_and_marks_a_mismatch_with_its_explanation()
    {
        var paid = await web.Portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        await web.PayGate.PayAsync(new Uri(await PaymentFlow.PayUrlAsync(web.Portal, paid)));
        // Checked out, then withdrawn, then paid on the gateway's page all the same: money the portal must give back.
        var withdrawn = await web.Portal.SubmitMultipartAsync(Samples.Licence(), Samples.LicenceFiles());
        var payUrl = await PaymentFlow.PayUrlAsync(web.Portal, withdrawn);
        using (var withdraw = await web.Portal.Client.SendAsync(HttpMethod.Post, $"/api/dossiers/{withdrawn.Id}/withdraw", accessKey: withdrawn.AccessKey))
        {
            Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        }

        await web.PayGate.PayAsync(new Uri(payUrl));
        var page = await web.NewPageAsync();

        await page.GotoAsync("/ops.html");
        await page.GetByLabel(KeyLabel, new() { Exact = true }).FillAsync(FunctionApp.FunctionKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mở bảng điều hành" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Trạng thái", new() { Exact = true })).ToHaveValueAsync("paid");
        var row = page.Locator("#payments-rows tr", new() { HasText = paid.Id });
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("135.000 ₫");
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(page.Locator("#payments-status")).ToContainTextAsync(new Regex(@"khoản “Đã thanh toán” ngày \d{2}/\d{2}/\d{4}, tổng \d{1,3}(\.\d{3})* ₫\."));
        await Assertions.Expect(page.Locator("#payments-total")).ToHaveTextAsync(new Regex(@"^\d{1,3}(\.\d{3})* ₫$"));
        await Assertions.Expect(page.Locator("#payments-rows tr", new() { HasText = withdrawn.Id })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-stat='feesToday.totalVnd']")).ToHaveTextAsync(new Regex(@"^\d{1,3}(\.\d{3})+ ₫$"));
        await Assertions.Expect(page.Locator("[data-stat='deliveriesByStatus.awaiting_payment']")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await page.Locator("#payments-title").ScrollIntoViewIfNeededAsync();
        await Screenshot(page, "pay-4-ops-payments");

        await page.GetByLabel("Trạng thái", new() { Exact = true }).SelectOptionAsync("Sai lệch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem", Exact = true }).ClickAsync();
        var mismatch = page.Locator("#payments-rows tr", new() { HasText = withdrawn.Id });
        await Assertions.Expect(mismatch).ToHaveClassAsync("mismatch");
        await Assertions.Expect(mismatch.Locator("xpath=following-sibling::tr[1]")).ToHaveTextAsync(
            "Sai lệch: Lệ phí được thanh toán khi hồ sơ không còn chờ nộp lệ phí (đã rút); cần hoàn tiền.");
        await Assertions.Expect(page.Locator("#payments-status")).ToContainTextAsync("khoản sai lệch cần xử lý");
        await Screenshot(page, "pay-6-ops-mismatch");
    }

    /// <summary>The tracking page opened by typing the dossier's id and key.</summary>
    private static async Task OpenAsync(IPage page, Submitted submitted)
    {
        await page.GotoAsync("/track.html");
        await page.GetByLabel("Mã hồ sơ").FillAsync(submitted.Id);
        await page.GetByLabel("Mã truy cập").FillAsync(submitted.AccessKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
    }

    private static async Task FillLicenceExchangeAsync(IPage page)
    {
        await page.GetByLabel("Họ và tên").FillAsync("Nguyễn Văn An");
        await page.GetByLabel("Số định danh cá nhân").FillAsync("001090012345");
        await page.GetByLabel("Số điện thoại di động").FillAsync("0912345678");
        await page.GetByLabel("Số giấy phép lái xe").FillAsync("790123456789");
        await page.GetByLabel("Hạng giấy phép lái xe").SelectOptionAsync("B2");
        await page.GetByLabel("Ngày cấp", new() { Exact = true }).FillAsync("20/05/2016");
        await page.GetByLabel("Lý do đổi").SelectOptionAsync("Hết hạn sử dụng");
        await page.GetByLabel("Nhận kết quả qua dịch vụ bưu chính công ích").CheckAsync();
        foreach (var (part, fileName, content) in Samples.LicenceFiles())
        {
            await page.GetByLabel(DocumentLabels[part]).SetInputFilesAsync(new FilePayload
            {
                Name = fileName, MimeType = MimeType(fileName), Buffer = content,
            });
        }
    }

    private static string MimeType(string fileName) => Path.GetExtension(fileName) switch
    {
        ".pdf" => "application/pdf",
        ".png" => "image/png",
        _ => "image/jpeg",
    };

    private async Task Screenshot(IPage page, string name) =>
        output.WriteLine($"screenshot: {await WebPortal.ScreenshotAsync(page, name)}");
}

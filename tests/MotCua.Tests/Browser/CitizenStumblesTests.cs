// Issue 17 in the browser: what a citizen tripped over (the receipt's way to tracking, the key in a link, dates read the wrong way
// round, errors that stayed, a form lost on reload, the 34-department picker) and the small things found on the way, each at
// desktop width (1280) and 360 px, with screenshots.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Browser;

public sealed class CitizenStumblesTests(WebPortal web, ITestOutputHelper output) : IClassFixture<WebPortal>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private static readonly string[] Departments = ["soct-hanoi", "soct-danang", "soct-hochiminh"];

    [Fact]
    public async Task The_receipt_prints_what_was_received_opens_its_own_dossier_which_a_reload_keeps_and_leaving_forgets()
    {
        await web.Portal.RegisterAsync(web.Agency, "bhxh");
        var page = await DesktopPageAsync();
        var errors = PageErrors(page);

        var (id, key) = await SubmitOnPageAsync(page);
        await Assertions.Expect(page.Locator("#receipt-agencies")).ToHaveTextAsync("Bảo hiểm xã hội Việt Nam");
        await Assertions.Expect(page.Locator("#receipt-applicant")).ToContainTextAsync("Nguyễn Văn An");
        await Assertions.Expect(page.Locator("#receipt-fee")).ToHaveTextAsync("Miễn phí");
        await Assertions.Expect(page.Locator("#receipt-documents li")).ToHaveTextAsync([
            new Regex(@"^Tờ khai tham gia.*\(mẫu TK1-TS\): tờ-khai-TK1-TS\.pdf$"), new Regex(@"^Ảnh chụp thẻ bị hỏng: thẻ hỏng\.png$"),
        ]);
        await Assertions.Expect(page.Locator("#receipt-delivery")).ToContainTextAsync("Trực tuyến");
        await Assertions.Expect(page.Locator("#receipt-delivery")).ToContainTextAsync("bưu chính đến: Số 1 Tràng Tiền");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("#receipt .print-header")).ToContainTextAsync("Cổng dịch vụ công một cửa");
        await Assertions.Expect(page.Locator(".site-header")).ToBeHiddenAsync();
        await Screenshot(page, "s17-1-receipt-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        // The progress bar is hidden through a reference held before the receipt replaced the form: no error in the console.
        Assert.Empty(errors);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tra cứu hồ sơ" }).Last.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/track\.html\?id={Regex.Escape(id)}$"));
        await Assertions.Expect(page.Locator("#d-id")).ToHaveTextAsync(id);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#d-id")).ToHaveTextAsync(id);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(localStorage)"));

        var keyInput = page.Locator("#access-key");
        await Assertions.Expect(keyInput).ToHaveAttributeAsync("type", "password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hiện mã truy cập" }).ClickAsync();
        await Assertions.Expect(keyInput).ToHaveAttributeAsync("type", "text");
        await Assertions.Expect(keyInput).ToHaveValueAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Làm mới" }).ClickAsync();
        await Assertions.Expect(page.Locator("#refreshed")).ToContainTextAsync("Đã cập nhật lúc");
        await Screenshot(page, "s17-2-track-from-receipt");

        await page.GetByRole(AriaRole.Link, new() { Name = "Thủ tục", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tra cứu thủ tục hành chính");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage).concat(Object.keys(localStorage))"));
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Nhập mã truy cập để xem hồ sơ.");
        await Assertions.Expect(page.Locator("#dossier")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_tracking_link_with_the_key_in_its_fragment_opens_the_dossier_and_takes_the_key_out_of_the_address()
    {
        var submitted = await web.Portal.SubmitJsonAsync(Samples.ElectricityPayment());
        var page = await DesktopPageAsync();

        await page.GotoAsync($"/track.html?id={submitted.Id}#key={submitted.AccessKey}");

        await Assertions.Expect(page.Locator("#d-id")).ToHaveTextAsync(submitted.Id);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/track\.html\?id={Regex.Escape(submitted.Id)}$"));
        Assert.DoesNotContain(submitted.AccessKey, await page.EvaluateAsync<string>("() => location.href"), StringComparison.Ordinal);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#d-id")).ToHaveTextAsync(submitted.Id);
        await Screenshot(page, "s17-3-track-link");

        await page.GotoAsync($"/track.html?id={submitted.Id}#key=not-its-key");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("Không tìm thấy hồ sơ với mã hồ sơ và mã truy cập này.");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)"));
    }

    [Fact]
    public async Task The_receipt_e_mail_the_smtp_server_received_opens_its_dossier_from_its_link_and_later_mails_carry_no_key()
    {
        await web.Portal.RegisterAsync(web.Agency, "bhxh");
        var page = await DesktopPageAsync();
        var (id, key) = await SubmitOnPageAsync(page);

        // What the citizen's mailbox got: the receipt, to the address the form asked for, with the tracking link.
        var receipt = await Poll.UntilAsync(() => Task.FromResult(TestSmtp.Shared.About(id).FirstOrDefault()), mail => mail is not null,
            TimeSpan.FromSeconds(30), _ => $"no e-mail about {id}");
        Assert.Equal("an@example.vn", receipt!.To.Mailboxes.Single().Address);
        var text = receipt.TextBody ?? "";
        Assert.DoesNotContain("001090012345", text + receipt.HtmlBody, StringComparison.Ordinal);
        var link = Regex.Match(text, @"https?://\S+/track\.html\?id=" + Regex.Escape(id) + @"#key=\S+").Value;
        Assert.Equal(new Uri(web.Portal.App.BaseAddress, $"/track.html?id={id}#key={key}").AbsoluteUri, link);

        // Opened from the mail client: a fresh browser, a phone's width.
        var phone = await web.NewPageAsync();
        await phone.SetViewportSizeAsync(360, 740);
        await phone.GotoAsync(link);
        await Assertions.Expect(phone.Locator("#d-id")).ToHaveTextAsync(id);
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex($@"/track\.html\?id={Regex.Escape(id)}$"));
        await Screenshot(phone, "s17-10-opened-from-the-receipt-e-mail");

        await web.Agency.ApplyAsync(web.Portal.Client, "bhxh", new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId = id, status = "accepted" } });
        var accepted = await Poll.UntilAsync(() => Task.FromResult(TestSmtp.Shared.About(id)), mails => mails.Count >= 2, TimeSpan.FromSeconds(30),
            mails => $"{mails.Count} e-mails about {id}");
        var later = accepted.Single(mail => mail != receipt);
        Assert.Contains($"/track.html?id={id}", later.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(key, later.TextBody + later.HtmlBody, StringComparison.Ordinal);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Làm mới" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#dossier")).ToContainTextAsync("Cơ quan đã tiếp nhận");
    }

    [Fact]
    public async Task Dates_are_read_day_first_in_an_english_browser_impossible_and_future_days_are_refused_and_errors_leave_once_fixed()
    {
        var page = await DesktopPageAsync("en-US");
        await page.GotoAsync($"/submit.html?code={Samples.LicenceExchange}");
        var issued = page.GetByLabel("Ngày cấp", new() { Exact = true });
        var error = page.Locator("[id='fields.issueDate-error']");
        await Assertions.Expect(page.Locator("[id='fields.issueDate-hint']")).ToHaveTextAsync("Nhập ngày/tháng/năm, ví dụ 15/03/2018. Không sau ngày hôm nay.");
        await Assertions.Expect(issued).ToHaveAttributeAsync("type", "text");

        await issued.FillAsync("31/02/2020");
        await issued.PressAsync("Tab");
        await Assertions.Expect(error).ToHaveTextAsync("Không có ngày 31/02/2020.");
        await Assertions.Expect(issued).ToHaveAttributeAsync("aria-invalid", "true");
        // The digits that were once saved as 03/12/2018: read as 15 March, said back in words, and the error gone at once.
        await issued.FillAsync("15032018");
        await Assertions.Expect(error).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("[id='fields.issueDate-echo']")).ToHaveTextAsync("Bạn đã nhập: ngày 15 tháng 3 năm 2018.");
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(Vietnam).AddDays(1).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        await issued.FillAsync(tomorrow);
        await issued.PressAsync("Tab");
        await Assertions.Expect(error).ToContainTextAsync("Ngày không được sau hôm nay");
        await issued.FillAsync("15/03/2018");
        await Assertions.Expect(error).ToBeEmptyAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(page.Locator("[id='fields.licenceClass-error']")).ToHaveTextAsync("Vui lòng chọn \"Hạng giấy phép lái xe\".");
        await Assertions.Expect(page.Locator("[id='applicant.phone-error']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#documents")).ToContainTextAsync("tối đa 10 MB.");
        await Screenshot(page, "s17-4-dates-and-errors-en-US");
        await page.GetByLabel("Hạng giấy phép lái xe").SelectOptionAsync("B2");
        await Assertions.Expect(page.Locator("[id='fields.licenceClass-error']")).ToBeEmptyAsync();
        await page.GetByLabel("Số điện thoại di động").FillAsync("0912345678");
        await Assertions.Expect(page.Locator("[id='applicant.phone-error']")).ToBeEmptyAsync();
    }

    [Fact]
    public async Task The_department_picker_searches_counts_and_keeps_a_draft_and_the_results_are_named_for_their_department()
    {
        await web.Portal.RegisterAsync(web.Agency, Departments);
        var page = await DesktopPageAsync("en-US");
        await page.GotoAsync($"/submit.html?code={Samples.PromotionNotice}");

        var count = page.Locator("#agency-count");
        await Assertions.Expect(count).ToHaveTextAsync("0/34 đã chọn");
        await page.GetByLabel("Tìm cơ quan").FillAsync("da nang");
        await Assertions.Expect(page.Locator("#agency-list .field:visible")).ToHaveCountAsync(1);
        await page.GetByLabel("Sở Công Thương thành phố Đà Nẵng").CheckAsync();
        await page.GetByLabel("Tìm cơ quan").FillAsync("");
        await page.GetByLabel("Sở Công Thương thành phố Hà Nội").CheckAsync();
        await page.GetByLabel("Sở Công Thương Thành phố Hồ Chí Minh").CheckAsync();
        await Assertions.Expect(count).ToHaveTextAsync("3/34 đã chọn");
        Assert.Equal(2, await page.Locator("#agency-list").EvaluateAsync<int>("list => getComputedStyle(list).gridTemplateColumns.split(' ').length"));

        await page.GetByLabel("Doanh nghiệp, tổ chức").CheckAsync();
        await page.GetByLabel("Tên doanh nghiệp, tổ chức").FillAsync("Công ty TNHH Nước Giải Khát Sông Hồng");
        await page.GetByLabel("Mã số thuế").FillAsync("0101234567");
        await page.GetByLabel("Số điện thoại di động").FillAsync("0912345678");
        await page.GetByLabel("Tên chương trình khuyến mại").FillAsync("Tri ân khách hàng mùa Tết 2027");
        await page.GetByLabel("Hàng hóa, dịch vụ được khuyến mại").FillAsync("Nước giải khát đóng chai");
        await page.GetByLabel("Ngày bắt đầu").FillAsync("10/01/2027");
        await page.GetByLabel("Ngày kết thúc").FillAsync("10022027");
        await page.GetByLabel("Hình thức khuyến mại").SelectOptionAsync("Tặng hàng hóa, cung ứng dịch vụ không thu tiền");
        await page.GetByLabel("Khách hàng của chương trình khuyến mại").FillAsync("Khách hàng mua tại các cửa hàng");
        var amount = page.GetByLabel("Tổng giá trị hàng hóa, dịch vụ dùng để khuyến mại (đồng)");
        await amount.FillAsync("250000000");
        await amount.PressAsync("Tab");
        await Assertions.Expect(amount).ToHaveValueAsync("250.000.000");
        await Screenshot(page, "s17-5-department-picker");

        // A reload, then Back from another page: the draft is there, said so, files excepted.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#draft-restored")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Thủ tục", Exact = true }).ClickAsync();
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#draft-restored")).ToContainTextAsync("chọn lại các tệp");
        await Assertions.Expect(page.GetByLabel("Mã số thuế")).ToHaveValueAsync("0101234567");
        await Assertions.Expect(page.GetByLabel("Ngày kết thúc")).ToHaveValueAsync("10022027");
        await Assertions.Expect(page.Locator("[id='fields.endDate-echo']")).ToHaveTextAsync("Bạn đã nhập: ngày 10 tháng 2 năm 2027.");
        await Assertions.Expect(amount).ToHaveValueAsync("250.000.000");
        await Assertions.Expect(count).ToHaveTextAsync("3/34 đã chọn");
        await Screenshot(page, "s17-6-draft-restored");
        await page.GetByLabel("Thông báo thực hiện khuyến mại theo mẫu").SetInputFilesAsync(new FilePayload
        {
            Name = "thong-bao.pdf", MimeType = "application/pdf", Buffer = Samples.Pdf("Thong bao khuyen mai"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#receipt-title")).ToBeVisibleAsync();
        var id = await page.Locator("#receipt-id").InnerTextAsync();
        var key = await page.Locator("#receipt-key").InnerTextAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(localStorage)"));
        // As the agencies got it: the dates as the API takes them (yyyy-MM-dd), the amount a plain number.
        var fields = (await web.Agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == id)).Data["fields"]!;
        Assert.Equal("2027-01-10", fields["startDate"]!.GetValue<string>());
        Assert.Equal("2027-02-10", fields["endDate"]!.GetValue<string>());
        Assert.Equal(250000000m, fields["totalPrizeValueVnd"]!.GetValue<decimal>());

        await web.Portal.WaitForDossierAsync(id, key, d => d["deliveries"]!.AsArray().All(x => x!["status"]!.GetValue<string>() == "forwarded"));
        foreach (var department in Departments[..2])
        {
            await IssueResultAsync(department, id, "xac-nhan.pdf");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Tra cứu hồ sơ" }).Last.ClickAsync();
        var hanoi = page.GetByRole(AriaRole.Button, new() { Name = "Tải về Sở Công Thương thành phố Hà Nội - xac-nhan.pdf" });
        await Assertions.Expect(hanoi).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Tải về Sở Công Thương thành phố Đà Nẵng - xac-nhan.pdf" }))
            .ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => hanoi.ClickAsync());
        Assert.Equal("Sở Công Thương thành phố Hà Nội - xac-nhan.pdf", download.SuggestedFilename);
        await Screenshot(page, "s17-7-results-by-department");
    }

    [Fact]
    public async Task The_portal_has_an_icon_an_empty_level_says_so_and_the_ops_page_speaks_vietnamese_with_day_first_dates()
    {
        var page = await DesktopPageAsync("en-US");
        var icon = await page.APIRequest.GetAsync("/favicon.ico");
        Assert.Equal(200, icon.Status);
        Assert.Equal("image/x-icon", icon.Headers["content-type"]);
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, (await icon.BodyAsync())[..4]);

        await page.GotoAsync("/");
        var partial = page.Locator("#level option[value='partial']");
        await Assertions.Expect(partial).ToHaveTextAsync("Mức độ 3 (chưa có thủ tục)");
        await Assertions.Expect(partial).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#level option[value='full']")).ToBeEnabledAsync();
        await Screenshot(page, "s17-8-home-levels");

        await page.GotoAsync("/ops.html");
        await page.GetByLabel("Khóa chức năng", new() { Exact = true }).FillAsync(FunctionApp.FunctionKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mở bảng điều hành" }).ClickAsync();
        var yesterday = DateTimeOffset.UtcNow.ToOffset(Vietnam).AddDays(-1);
        var reportDate = page.GetByLabel("Ngày báo cáo");
        await Assertions.Expect(reportDate).ToHaveValueAsync(yesterday.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#report-date-echo")).ToHaveTextAsync(
            $"Bạn đã nhập: ngày {yesterday.Day} tháng {yesterday.Month} năm {yesterday.Year}.");
        await Assertions.Expect(page.Locator("#today-title ~ h3")).ToHaveTextAsync(["Hồ sơ", "Lượt chuyển giao đến cơ quan", "Lệ phí", "Người dùng và dịch vụ",
            "Chuyển giao hồ sơ theo trạng thái"]);
        await Assertions.Expect(page.Locator("#poison-title")).ToHaveTextAsync("Chuyển giao bị kẹt do lỗi hệ thống");
        // The technical names are only hints beside Vietnamese labels, never the labels themselves.
        var labels = string.Join('|', await page.Locator("label, h2, h3, dt, th").AllInnerTextsAsync());
        Assert.DoesNotContain("x-functions-key", labels, StringComparison.Ordinal);
        Assert.DoesNotContain("deliver-poison", labels, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#key-hint, #poison-title + .hint")).ToHaveCountAsync(2);

        await reportDate.FillAsync("05/12/2026");
        await Assertions.Expect(page.Locator("#report-date-echo")).ToHaveTextAsync("Bạn đã nhập: ngày 5 tháng 12 năm 2026.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tải JSON" }).ClickAsync();
        await Assertions.Expect(page.Locator("#report-status")).ToContainTextAsync("05/12/2026");
        await Screenshot(page, "s17-9-ops-en-US");
    }

    private async Task IssueResultAsync(string agencyId, string dossierId, string fileName)
    {
        foreach (var status in new[] { "accepted", "processing" })
        {
            await web.Agency.ApplyAsync(web.Portal.Client, agencyId,
                new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId, status } });
        }

        await web.Agency.ApplyAsync(web.Portal.Client, agencyId, new
        {
            type = "dossier.result_issued",
            timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId, documents = new[] { new { fileName, contentType = "application/pdf", contentBase64 = Convert.ToBase64String(Samples.Pdf(agencyId)) } } },
        });
    }

    /// <summary>Submits a valid "Cấp lại thẻ BHYT" on the form; the receipt's dossier id and access key.</summary>
    private static async Task<(string Id, string Key)> SubmitOnPageAsync(IPage page)
    {
        await page.GotoAsync("/submit.html?code=cap-lai-the-bhyt");
        await CitizenPagesTests.FillValidDossierAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#receipt-title")).ToBeVisibleAsync();
        return (await page.Locator("#receipt-id").InnerTextAsync(), await page.Locator("#receipt-key").InnerTextAsync());
    }

    /// <summary>A page at desktop width (1280); the screenshots add 360 px.</summary>
    private async Task<IPage> DesktopPageAsync(string locale = "vi-VN")
    {
        var page = await web.NewPageAsync(locale);
        await page.SetViewportSizeAsync(1280, 800);
        return page;
    }

    /// <summary>Uncaught errors of the page's scripts, as they happen.</summary>
    private static ConcurrentQueue<string> PageErrors(IPage page)
    {
        var errors = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue(message.Text);
            }
        };
        return errors;
    }

    private async Task Screenshot(IPage page, string name) =>
        output.WriteLine($"screenshot: {await WebPortal.ScreenshotAsync(page, name)}");
}

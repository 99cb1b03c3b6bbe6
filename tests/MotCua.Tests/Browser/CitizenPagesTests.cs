using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Browser;

public sealed class CitizenPagesTests(WebPortal web, ITestOutputHelper output) : IClassFixture<WebPortal>
{
    private const string Procedure = "cap-lai-the-bhyt";
    private const string Agency = "bhxh";

    [Fact]
    public async Task A_citizen_finds_a_procedure_without_diacritics_submits_it_with_two_files_and_downloads_the_result()
    {
        await web.Portal.RegisterAsync(web.Agency, Agency);
        var page = await web.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByLabel("Tên thủ tục").FillAsync("cap lai the bhyt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        var found = page.Locator("#results a", new() { HasText = "Cấp lại thẻ BHYT do hỏng, mất" });
        await Assertions.Expect(page.Locator("#results li")).ToHaveCountAsync(1);
        await Screenshot(page, "1-search");

        await found.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Cấp lại thẻ BHYT do hỏng, mất");
        await Assertions.Expect(page.Locator("#fee")).ToHaveTextAsync("Miễn phí");
        await Assertions.Expect(page.Locator("#days")).ToHaveTextAsync("7 ngày làm việc");
        await Assertions.Expect(page.Locator("#documents")).ToContainTextAsync("Định dạng: PDF, DOCX");
        await Screenshot(page, "2-procedure");

        await page.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }).ClickAsync();
        await FillValidDossierAsync(page);
        await Screenshot(page, "3-submit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#receipt-title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#receipt")).ToContainTextAsync("một lần duy nhất");
        var id = await page.Locator("#receipt-id").InnerTextAsync();
        var key = await page.Locator("#receipt-key").InnerTextAsync();
        await Screenshot(page, "4-receipt");
        var forwarded = await web.Portal.WaitForDossierAsync(id, key, d => d["status"]!.GetValue<string>() == "forwarded");
        Assert.Equal(2, forwarded["attachments"]!.AsArray().Count);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(localStorage).concat(Object.keys(sessionStorage))"));

        var result = Samples.Pdf("The BHYT moi");
        await ApplyAsync(Status(id, "accepted"));
        await ApplyAsync(Status(id, "processing"));
        await ApplyAsync(new
        {
            type = "dossier.result_issued",
            timestamp = DateTimeOffset.UtcNow,
            data = new { dossierId = id, note = "Thẻ đã gửi qua bưu chính", documents = new[] { new { fileName = "thẻ-bhyt.pdf", contentType = "application/pdf", contentBase64 = Convert.ToBase64String(result) } } },
        });

        await page.GotoAsync("/track.html");
        await page.GetByLabel("Mã hồ sơ").FillAsync(id);
        await page.GetByLabel("Mã truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Đã có kết quả");
        await Assertions.Expect(page.Locator(".timeline li")).ToHaveCountAsync(5);
        // The page runs in Paris time and still shows the portal's Vietnam time, as the API wrote it.
        var submittedAt = forwarded["submittedAt"]!.GetValue<string>();
        await Assertions.Expect(page.Locator("#d-submitted")).ToHaveTextAsync(
            $"{submittedAt[8..10]}/{submittedAt[5..7]}/{submittedAt[..4]} {submittedAt[11..16]}");
        Assert.EndsWith("+07:00", submittedAt, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#rating")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#withdraw-actions")).ToBeHiddenAsync();
        await Screenshot(page, "5-track");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Tải về thẻ-bhyt.pdf" }).ClickAsync());
        Assert.Equal("thẻ-bhyt.pdf", download.SuggestedFilename);
        Assert.Equal(result, await File.ReadAllBytesAsync((await download.PathAsync())!));

        await page.GetByLabel("5", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rated-text")).ToContainTextAsync("5/5");
        await Assertions.Expect(page.Locator("#rating")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_server_validation_error_and_a_refused_file_are_shown_next_to_their_fields()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync($"/submit.html?code={Procedure}");
        await FillValidDossierAsync(page);

        var damagedCard = page.GetByLabel("Ảnh chụp thẻ bị hỏng");
        await damagedCard.SetInputFilesAsync(new FilePayload { Name = "the-hong.exe", MimeType = "application/x-msdownload", Buffer = Samples.Executable() });
        await Assertions.Expect(page.Locator("[id='documents.damagedCard-error']")).ToContainTextAsync("không đúng định dạng");

        // Named as a PDF, the browser lets it through; the server reads the content and answers 415.
        await damagedCard.SetInputFilesAsync(new FilePayload { Name = "the-hong.pdf", MimeType = "application/pdf", Buffer = Samples.Executable() });
        await Assertions.Expect(page.Locator("[id='documents.damagedCard-error']")).ToBeEmptyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("Loại tệp không được chấp nhận");
        await Assertions.Expect(page.Locator("[id='documents.damagedCard-error']")).ToContainTextAsync("Loại tệp không được chấp nhận");
        await Assertions.Expect(damagedCard).ToBeFocusedAsync();
        await damagedCard.SetInputFilesAsync(Array.Empty<FilePayload>());

        // Twelve digits pass the browser's check; only the server knows 999 is no province code.
        await page.GetByLabel("Số định danh cá nhân").FillAsync("999012345678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        var idNumber = page.Locator("[id='applicant.idNumber']");
        var error = page.Locator("[id='applicant.idNumber-error']");
        await Assertions.Expect(error).ToContainTextAsync("mã tỉnh");
        await Assertions.Expect(idNumber).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(idNumber).ToHaveAttributeAsync("aria-describedby", new Regex("applicant\\.idNumber-error"));
        await Assertions.Expect(idNumber).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("sửa các mục được đánh dấu");
        await Screenshot(page, "6-submit-error");
    }

    [Fact]
    public async Task A_submission_whose_answer_was_lost_is_sent_again_under_the_same_key_and_stored_once()
    {
        var page = await web.NewPageAsync();
        var keys = new List<string>();
        await page.RouteAsync("**/api/dossiers", async route =>
        {
            keys.Add(route.Request.Headers["idempotency-key"]);
            if (keys.Count == 1)
            {
                // The portal stores the dossier, and the phone loses the answer on its way back.
                await route.FetchAsync();
                await route.AbortAsync();
                return;
            }

            await route.ContinueAsync();
        });
        await page.GotoAsync($"/submit.html?code={Procedure}");
        var marker = Samples.Marker();
        await FillValidDossierAsync(page, marker);

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-error")).ToContainTextAsync("Không kết nối được máy chủ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#receipt-title")).ToBeVisibleAsync();
        var id = await page.Locator("#receipt-id").InnerTextAsync();
        var key = await page.Locator("#receipt-key").InnerTextAsync();
        Assert.Equal(2, keys.Count);
        Assert.Matches("^[0-9a-f]{32}$", keys[0]);
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal([id], await web.Portal.DossiersMentioningAsync(marker));
        var (response, _) = await web.Portal.GetDossierAsync(id, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_citizen_answers_a_supplement_request_and_then_withdraws_the_dossier()
    {
        var dossier = await web.Portal.SubmitForwardedAsync(web.Agency, Agency, p => p.SubmitMultipartAsync(
            new { procedureCode = Procedure, applicant = Samples.Citizen(), fields = new { socialInsuranceNumber = "0123456789", reason = "Thẻ bị mất", deliveryAddress = "Số 1 Tràng Tiền, Hà Nội" } },
            [("declarationForm", "to-khai.pdf", Samples.Pdf("To khai"))]));
        await ApplyAsync(Status(dossier.Id, "accepted"));
        await ApplyAsync(Status(dossier.Id, "supplement_requested", "Bổ sung ảnh chụp thẻ bị hỏng"));
        var page = await web.NewPageAsync();

        await page.GotoAsync("/track.html");
        await page.GetByLabel("Mã hồ sơ").FillAsync(dossier.Id);
        await page.GetByLabel("Mã truy cập").FillAsync(dossier.AccessKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Yêu cầu bổ sung");
        await Assertions.Expect(page.Locator("#deliveries")).ToContainTextAsync("Bổ sung ảnh chụp thẻ bị hỏng");
        await page.Locator("#supplement").GetByLabel("Ảnh chụp thẻ bị hỏng").SetInputFilesAsync(new FilePayload
        {
            Name = "ảnh thẻ.jpg", MimeType = "image/jpeg", Buffer = Samples.Jpeg(),
        });
        await page.GetByLabel("Ghi chú cho cơ quan").FillAsync("Gửi bổ sung ảnh thẻ");
        await Screenshot(page, "9-supplement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi bổ sung" }).ClickAsync();

        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Đã gửi giấy tờ bổ sung");
        await Assertions.Expect(page.Locator("#supplement")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#attachments li")).ToHaveCountAsync(2);
        var supplemented = await web.Agency.WaitForAsync(w => w.Type == "dossier.supplemented" && w.RawBody.Contains(dossier.Id, StringComparison.Ordinal));
        Assert.Equal("Gửi bổ sung ảnh thẻ", supplemented.Data["note"]!.GetValue<string>());

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rút hồ sơ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Đã rút");
        await Assertions.Expect(page.Locator("#withdraw-actions")).ToBeHiddenAsync();
        // Withdrawn, the dossier was never decided: no invitation to rate it.
        await Assertions.Expect(page.Locator("#rating")).ToBeHiddenAsync();
        await Screenshot(page, "9b-withdrawn");
    }

    [Fact]
    public async Task A_fan_out_procedure_offers_its_agencies_with_select_all_and_a_business_applicant()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync($"/submit.html?code={Samples.PromotionNotice}");

        var agencies = page.Locator("#agency-list input[type=checkbox]");
        await Assertions.Expect(agencies).ToHaveCountAsync(34);
        await page.GetByLabel("Doanh nghiệp, tổ chức").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Mã số thuế")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Số định danh cá nhân")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#agencyIds-error")).ToHaveTextAsync("Chọn ít nhất một cơ quan nhận hồ sơ.");
        await Assertions.Expect(page.Locator("[id='applicant.taxCode-error']")).Not.ToBeEmptyAsync();

        var selectAll = page.GetByLabel("Chọn tất cả");
        await selectAll.CheckAsync();
        Assert.Equal(34, await page.Locator("#agency-list input:checked").CountAsync());
        await page.GetByLabel("Sở Công Thương thành phố Hà Nội").UncheckAsync();
        Assert.True(await selectAll.EvaluateAsync<bool>("box => box.indeterminate && !box.checked"));
        await Screenshot(page, "10-fan-out");
    }

    [Fact]
    public async Task Feedback_checks_the_content_rules_while_typing_is_looked_up_with_its_key_and_published_once_answered()
    {
        await web.Portal.RegisterAsync(web.Agency, Agency);
        var page = await web.NewPageAsync();
        await page.GotoAsync("/feedback.html");

        await page.GetByLabel("Loại phản ánh").SelectOptionAsync("procedure");
        await page.GetByLabel("Thủ tục liên quan").SelectOptionAsync(Procedure);
        await page.GetByLabel("Tiêu đề").FillAsync("Thời gian cấp lại thẻ BHYT quá lâu");
        var content = page.Locator("#content");
        await content.FillAsync("Toi da nop ho so cap lai the bao hiem y te tu lau ma chua nhan duoc");
        await Assertions.Expect(page.Locator("#content-error")).ToHaveTextAsync("Vui lòng viết bằng tiếng Việt có dấu.");
        await Assertions.Expect(content).ToHaveAttributeAsync("aria-invalid", "true");
        await content.FillAsync("Tôi đã nộp hồ sơ, xem tại www.example.com giúp tôi với ạ");
        await Assertions.Expect(page.Locator("#content-error")).ToContainTextAsync("đường dẫn");
        await content.FillAsync("Tôi đã nộp hồ sơ cấp lại thẻ bảo hiểm y tế hơn một tháng nhưng vẫn chưa nhận được thẻ mới.");
        await Assertions.Expect(page.Locator("#content-error")).ToBeEmptyAsync();
        await page.GetByLabel("Họ và tên").FillAsync("Trần Thị Bình");
        await page.GetByLabel("Tôi đồng ý công khai").CheckAsync();
        await Screenshot(page, "7-feedback");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi phản ánh" }).ClickAsync();

        await Assertions.Expect(page.Locator("#feedback-receipt")).ToBeVisibleAsync();
        var id = await page.Locator("#feedback-id").InnerTextAsync();
        var key = await page.Locator("#feedback-key").InnerTextAsync();
        await Assertions.Expect(page.Locator("#feedback-title")).ToHaveTextAsync("Thời gian cấp lại thẻ BHYT quá lâu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sao chép mã phản ánh và mã truy cập" }).ClickAsync();
        await Assertions.Expect(page.Locator("#feedback-copy-status")).ToContainTextAsync("sao chép");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "In biên nhận" })).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("#feedback-receipt .print-header")).ToContainTextAsync("Cổng dịch vụ công một cửa");
        await Assertions.Expect(page.Locator("#lookup")).ToBeHiddenAsync();
        await Screenshot(page, "7b-feedback-receipt-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await web.Agency.WaitForAsync(w => w.Type == "feedback.received" && w.RawBody.Contains(id, StringComparison.Ordinal));
        const string answer = "Bảo hiểm xã hội đã gửi thẻ mới qua bưu chính; xin lỗi vì sự chậm trễ.";
        await ApplyAsync(new { type = "feedback.answered", timestamp = DateTimeOffset.UtcNow, data = new { feedbackId = id, answer } });

        await page.GetByLabel("Mã truy cập").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#lookup-result h2")).ToHaveTextAsync("Thời gian cấp lại thẻ BHYT quá lâu");
        await Assertions.Expect(page.Locator("#lookup-result .answer")).ToContainTextAsync("Bảo hiểm xã hội Việt Nam trả lời (");
        await Assertions.Expect(page.Locator("#lookup-result .answer")).ToContainTextAsync(answer);
        await Screenshot(page, "8-feedback-lookup");

        await page.ReloadAsync();
        var published = page.Locator("#published article", new() { HasText = "Thời gian cấp lại thẻ BHYT quá lâu" });
        await Assertions.Expect(published.Locator(".answer")).ToContainTextAsync($"Bảo hiểm xã hội Việt Nam trả lời: {answer}");
        await Assertions.Expect(published).Not.ToContainTextAsync("Trần Thị Bình");
    }

    /// <param name="marker">A <see cref="Samples.Marker"/> for the delivery address to carry.</param>
    internal static async Task FillValidDossierAsync(IPage page, string? marker = null)
    {
        await page.GetByLabel("Họ và tên").FillAsync("Nguyễn Văn An");
        await page.GetByLabel("Số định danh cá nhân").FillAsync("001090012345");
        await page.GetByLabel("Số điện thoại di động").FillAsync("0912345678");
        await page.GetByLabel("Thư điện tử").FillAsync("an@example.vn");
        await page.GetByLabel("Mã số bảo hiểm xã hội").FillAsync("0123456789");
        await page.GetByLabel("Lý do cấp lại").SelectOptionAsync("Thẻ bị hỏng");
        await page.GetByLabel("Địa chỉ nhận thẻ").FillAsync(marker is null ? "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội" : $"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội ({marker})");
        await page.GetByLabel("Tờ khai tham gia").SetInputFilesAsync(new FilePayload
        {
            Name = "tờ-khai-TK1-TS.pdf", MimeType = "application/pdf", Buffer = Samples.Pdf("To khai TK1-TS"),
        });
        await page.GetByLabel("Ảnh chụp thẻ bị hỏng").SetInputFilesAsync(new FilePayload
        {
            Name = "thẻ hỏng.png", MimeType = "image/png", Buffer = Samples.Png(),
        });
    }

    private static object Status(string dossierId, string status, string? note = null) =>
        new { type = "dossier.status_changed", timestamp = DateTimeOffset.UtcNow, data = new { dossierId, status, note } };

    private Task ApplyAsync(object body) => web.Agency.ApplyAsync(web.Portal.Client, Agency, body);

    private async Task Screenshot(IPage page, string name) =>
        output.WriteLine($"screenshot: {await WebPortal.ScreenshotAsync(page, name)}");
}

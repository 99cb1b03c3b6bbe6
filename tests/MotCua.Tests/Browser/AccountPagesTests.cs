// Issue 16 in the browser: signing in on the demo provider's page (code flow, PKCE S256, state, nonce) and out again, "Hồ sơ của
// tôi", tracking one's own dossier without a key, an expired session, a tampered answer refused, and the whole journey: a
// document reused from the account's store in a new dossier, read by the agency, and that read in "Kho dữ liệu của tôi".
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using MotCua.DemoIdentity;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Browser;

public sealed class AccountPagesTests(WebPortal web, ITestOutputHelper output) : IClassFixture<WebPortal>
{
    private const string ProviderTitle = "Đăng nhập bằng tài khoản định danh điện tử (thử nghiệm)";
    private const string Expired = "Phiên đăng nhập đã hết hạn nên bạn đã được đăng xuất. Vui lòng đăng nhập lại.";

    private static readonly TestAccount An = TestAccounts.All.Single(a => a.IdNumber == "001090012345");
    private static readonly TestAccount Binh = TestAccounts.All.Single(a => a.IdNumber == "079185000123");
    private static readonly TestAccount Cuong = TestAccounts.All.Single(a => a.IdNumber == "048200001234");

    [Fact]
    public async Task A_citizen_signs_in_on_the_providers_page_sees_their_dossiers_with_the_fee_due_opens_one_without_a_key_and_signs_out()
    {
        await web.Portal.RegisterAsync(web.Agency, "bxd-cucduongbo");
        var licence = await SubmitAsAsync(An, Samples.Licence(), Samples.LicenceFiles());
        Assert.Equal("awaiting_payment", licence.Body!["status"]!.GetValue<string>());
        var page = await NewPageAsync();

        await page.GotoAsync("/feedback.html");
        await Assertions.Expect(page.Locator("#account .sign-in")).ToHaveTextAsync("Đăng nhập");
        await SignInAsync(page, An);

        // Back on the page the citizen started from, with their name in the header and the tokens in this tab only.
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(web.Portal.App.BaseAddress, "/feedback.html").AbsoluteUri);
        await Assertions.Expect(page.Locator("#account .who")).ToHaveTextAsync($"Đang đăng nhập: {An.Name}");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(localStorage)"));
        Assert.Equal(["motcua.account"], await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)"));
        await Screenshot(page, "account-1-signed-in");

        await page.Locator("#account").GetByRole(AriaRole.Link, new() { Name = "Hồ sơ của tôi" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hồ sơ của tôi");
        await Assertions.Expect(page.Locator("#a-name")).ToHaveTextAsync(An.Name);
        await Assertions.Expect(page.Locator("#a-number")).Not.ToContainTextAsync(An.IdNumber!);
        var row = page.Locator("#dossiers li", new() { HasText = licence.Id });
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "Đổi giấy phép lái xe" })).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Chờ nộp lệ phí");
        var submittedAt = licence.Body["submittedAt"]!.GetValue<string>();
        await Assertions.Expect(row).ToContainTextAsync($"Ngày nộp: {submittedAt[8..10]}/{submittedAt[5..7]}/{submittedAt[..4]}");
        await Assertions.Expect(row.Locator(".fee")).ToContainTextAsync("Còn phải nộp 135.000 ₫");
        await Assertions.Expect(row.Locator(".fee").GetByRole(AriaRole.Link, new() { Name = $"Nộp lệ phí hồ sơ {licence.Id}" }))
            .ToHaveAttributeAsync("href", $"/track.html?id={licence.Id}#payments-card");
        await Screenshot(page, "account-2-my-dossiers");

        await page.Locator("#account").GetByRole(AriaRole.Link, new() { Name = "Kho dữ liệu của tôi" }).ClickAsync();
        var certificate = page.Locator("#documents > li", new() { HasText = "giay-kham-suc-khoe.pdf" }).Filter(new() { HasText = licence.Id });
        await Assertions.Expect(certificate.Locator(".badge")).ToHaveTextAsync("Giấy tờ đã nộp");
        await Assertions.Expect(certificate).ToContainTextAsync("Đổi giấy phép lái xe");
        await certificate.Locator("summary", new() { HasText = "Lịch sử truy cập" }).ClickAsync();
        // Waiting for its fee, the dossier has gone to no agency yet.
        await Assertions.Expect(certificate.Locator(".log")).ToHaveTextAsync("Chưa có cơ quan nào đọc giấy tờ này.");
        await Screenshot(page, "account-2b-documents");

        await page.GoBackAsync();

        await row.GetByRole(AriaRole.Link, new() { Name = "Đổi giấy phép lái xe" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/track\.html\?id={Regex.Escape(licence.Id)}$"));
        await Assertions.Expect(page.Locator("#d-id")).ToHaveTextAsync(licence.Id);
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Chờ nộp lệ phí");
        await Assertions.Expect(page.Locator("#payments").GetByRole(AriaRole.Button, new() { Name = "Nộp lệ phí" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#access-key")).ToBeEmptyAsync();
        await Screenshot(page, "account-3-track-without-key");

        // Signed in, the lookup form asks for the key only for a dossier submitted without the account: the id alone opens one's own.
        await page.GotoAsync("/track.html");
        await Assertions.Expect(page.GetByLabel("Mã truy cập")).Not.ToHaveAttributeAsync("required", "");
        await Assertions.Expect(page.Locator("label[for=access-key]")).Not.ToHaveClassAsync("required");
        await Assertions.Expect(page.Locator("#key-hint")).ToBeVisibleAsync();
        await page.GetByLabel("Mã hồ sơ").FillAsync(licence.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#d-id")).ToHaveTextAsync(licence.Id);
        await Assertions.Expect(page.Locator("#d-status")).ToHaveTextAsync("Chờ nộp lệ phí");
        await Screenshot(page, "account-3b-track-by-id-signed-in");

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();

        // The provider ended its session too and sent the browser home: signing in again shows its page, not a code at once.
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(web.Portal.App.BaseAddress, "/").AbsoluteUri);
        await Assertions.Expect(page.Locator("#account .sign-in")).ToHaveTextAsync("Đăng nhập");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)"));
        await page.GotoAsync("/my.html");
        await Assertions.Expect(page.Locator("#signed-out")).ToContainTextAsync("Đăng nhập để xem hồ sơ của bạn");
        await Assertions.Expect(page.Locator("#list")).ToHaveCountAsync(0);
        await Screenshot(page, "account-4-my-dossiers-signed-out");
        await page.Locator("#signed-out").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = ProviderTitle })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task When_the_token_runs_out_the_page_signs_the_citizen_out_says_why_and_takes_their_dossiers_away()
    {
        await web.Portal.RegisterAsync(web.Agency, "evn-hanoi");
        var bill = await SubmitAsAsync(Binh, Samples.ElectricityPayment(Applicant(Binh)));
        var page = await NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/my.html");
        await page.Locator("#signed-out").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await ChooseAccountAsync(page, Binh);
        await Assertions.Expect(page.Locator("#dossiers li", new() { HasText = bill.Id })).ToBeVisibleAsync();

        // The demo provider's access tokens live 15 minutes.
        await page.Clock.FastForwardAsync("15:01");

        await Assertions.Expect(page.Locator("#account-message")).ToHaveTextAsync(Expired);
        await Assertions.Expect(page.Locator("#account .sign-in")).ToHaveTextAsync("Đăng nhập");
        await Assertions.Expect(page.Locator("#dossiers")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)"));
        await Screenshot(page, "account-5-expired");

        // Said once: the next page shows the citizen signed out, without the message.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#account .sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#account-message")).ToBeEmptyAsync();
    }

    [Theory]
    [InlineData("state")]
    [InlineData("nonce")]
    public async Task An_answer_for_another_sign_in_request_than_the_tabs_is_refused_and_signs_nobody_in(string parameter)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        // The request reaching the provider is not the one the tab made (a code and id_token meant for another request):
        // the provider answers with the other state, or puts the other nonce in the id_token.
        await page.RouteAsync(new Regex(@"/connect/authorize\?"), route => route.ContinueAsync(new()
        {
            Url = Replace(route.Request.Url, parameter, "not-the-tabs-" + parameter),
        }));

        await SignInAsync(page, Cuong, signedIn: false);

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(web.Portal.App.BaseAddress, "/signin-callback.html").AbsoluteUri);
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync(parameter == "state"
            ? "Yêu cầu đăng nhập không hợp lệ hoặc đã được dùng."
            : "Phiên đăng nhập nhận được không khớp với yêu cầu đăng nhập của bạn nên đã bị từ chối.");
        await Assertions.Expect(page.Locator("#account .sign-in")).ToHaveTextAsync("Đăng nhập");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage).concat(Object.keys(localStorage))"));
        await Screenshot(page, $"account-6-refused-{parameter}");
    }

    [Fact]
    public async Task A_citizen_signed_in_submits_reusing_a_result_of_an_earlier_dossier_and_sees_the_agency_read_it_in_the_access_log()
    {
        const string Agency = "evn-hanoi";
        await web.Portal.RegisterAsync(web.Agency, Agency);
        var resultFile = $"giay-xac-nhan-{Guid.NewGuid():N}.pdf";
        var result = Samples.Pdf("Giay xac nhan thanh toan tien dien");
        var earlier = await SubmitAsAsync(Cuong, Samples.ElectricityPayment(Applicant(Cuong)));
        await web.Portal.WaitForDossierAsync(earlier.Id, earlier.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");
        await ApplyAsync(Agency, Status(earlier.Id, "accepted"));
        await ApplyAsync(Agency, Status(earlier.Id, "processing"));
        await ApplyAsync(Agency, Event("dossier.result_issued", new
        {
            dossierId = earlier.Id,
            documents = new[] { new { fileName = resultFile, contentType = "application/pdf", contentBase64 = Convert.ToBase64String(result) } },
        }));
        var page = await NewPageAsync();

        await page.GotoAsync($"/submit.html?code={Samples.NewConnection}");
        await SignInAsync(page, Cuong);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($@"/submit\.html\?code={Samples.NewConnection}$"));
        await Assertions.Expect(page.Locator("#account-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Họ và tên")).ToHaveValueAsync(Cuong.Name);
        await Assertions.Expect(page.GetByLabel("Số định danh cá nhân")).ToHaveValueAsync(Cuong.IdNumber!);
        await Assertions.Expect(page.GetByLabel("Số định danh cá nhân")).ToHaveAttributeAsync("readonly", "");
        await page.GetByLabel("Số điện thoại di động").FillAsync("0912345678");
        await page.GetByLabel("Địa chỉ sử dụng điện").FillAsync("Số 12 ngõ 34 Khâm Thiên, Đống Đa, Hà Nội");
        await page.GetByLabel("Tỉnh, thành phố").SelectOptionAsync("Hà Nội");
        await page.GetByLabel("Mục đích sử dụng điện").SelectOptionAsync("Sinh hoạt");
        await page.GetByLabel("Số pha").SelectOptionAsync("1 pha");
        await page.GetByLabel("Công suất đăng ký sử dụng (kW)").FillAsync("8");
        var reuse = page.Locator("[id='reuse.proofOfPremises']");
        var stored = reuse.Locator("option", new() { HasText = resultFile });
        await Assertions.Expect(stored).ToHaveTextAsync(new Regex($@"^{Regex.Escape(resultFile)} — Kết quả: Thanh toán tiền điện, \d{{2}}/\d{{2}}/\d{{4}}$"));
        await reuse.SelectOptionAsync(new SelectOptionValue { Label = await stored.InnerTextAsync() });
        await Assertions.Expect(page.Locator("[id='documents.proofOfPremises']")).ToBeDisabledAsync();
        await Screenshot(page, "account-7-submit-reusing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#receipt-title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#receipt-account")).ToBeVisibleAsync();
        var id = await page.Locator("#receipt-id").InnerTextAsync();
        var submitted = await web.Agency.WaitForAsync(w => w.Type == "dossier.submitted" && w.Data["dossierId"]?.GetValue<string>() == id);
        var attachment = Assert.Single(submitted.Data["attachments"]!.AsArray())!;
        Assert.Equal(resultFile, attachment["fileName"]!.GetValue<string>());
        // A portal link, which the agency follows to the file (on this test portal, whatever site the link names).
        var link = new Uri(attachment["url"]!.GetValue<string>());
        Assert.StartsWith("/api/files/", link.AbsolutePath, StringComparison.Ordinal);
        using (var agency = new HttpClient { BaseAddress = web.Portal.App.BaseAddress })
        {
            Assert.Equal(result, await agency.GetByteArrayAsync(link.PathAndQuery));
        }

        await page.GotoAsync("/documents.html");
        var document = page.Locator("#documents > li", new() { HasText = resultFile }).Filter(new() { Has = page.Locator(".badge", new() { HasText = "Kết quả" }) });
        await Assertions.Expect(document.Locator(".badge")).ToHaveTextAsync("Kết quả");
        await Assertions.Expect(document).ToContainTextAsync(earlier.Id);
        await Assertions.Expect(document).ToContainTextAsync("Thanh toán tiền điện");
        await Assertions.Expect(document).ToContainTextAsync("Tổng công ty Điện lực Thành phố Hà Nội");
        await document.Locator("summary", new() { HasText = "Lịch sử truy cập" }).ClickAsync();
        var read = document.Locator(".access-log tbody tr", new() { HasText = id });
        await Assertions.Expect(read).ToHaveCountAsync(1);
        await Assertions.Expect(read.Locator("td").Nth(0)).ToHaveTextAsync(new Regex(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}$"));
        await Assertions.Expect(read.Locator("td").Nth(1)).Not.ToBeEmptyAsync();
        await Assertions.Expect(read.Locator("td").Nth(3)).Not.ToBeEmptyAsync();
        await Screenshot(page, "account-8-documents-access-log");

        var download = await page.RunAndWaitForDownloadAsync(() => document.GetByRole(AriaRole.Button, new() { Name = "Mở tệp" }).ClickAsync());
        Assert.Equal(resultFile, download.SuggestedFilename);
        Assert.Equal(result, await File.ReadAllBytesAsync((await download.PathAsync())!));
    }

    /// <summary>A page at desktop width (the screenshots add 360 px), as a citizen's browser.</summary>
    private async Task<IPage> NewPageAsync()
    {
        var page = await web.NewPageAsync();
        await page.SetViewportSizeAsync(1280, 800);
        return page;
    }

    /// <summary>"Đăng nhập" in the header, then the provider's page: the request must be the code flow with S256, state and nonce.</summary>
    private async Task SignInAsync(IPage page, TestAccount account, bool signedIn = true)
    {
        await page.Locator("#account").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await ChooseAccountAsync(page, account, signedIn);
    }

    private async Task ChooseAccountAsync(IPage page, TestAccount account, bool signedIn = true)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = ProviderTitle })).ToBeVisibleAsync();
        var request = new Uri(page.Url);
        Assert.Equal(new Uri(web.Identity.Authority, "connect/authorize").AbsoluteUri, request.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(request.Query);
        Assert.Equal(web.Identity.ClientId, query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal(new Uri(web.Portal.App.BaseAddress, "/signin-callback.html").AbsoluteUri, query["redirect_uri"].ToString());
        foreach (var name in new[] { "state", "nonce", "code_challenge" })
        {
            Assert.Matches("^[A-Za-z0-9_-]{43}$", query[name].ToString());
        }

        Assert.False(query.ContainsKey("client_secret"));
        await Screenshot(page, "account-0-provider");

        await page.GetByLabel(account.Name).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        if (signedIn)
        {
            await Assertions.Expect(page.Locator("#account .who")).ToContainTextAsync(account.Name);
        }
    }

    /// <summary>Submits <paramref name="dossier"/> (with <paramref name="files"/> as multipart) with a token of <paramref name="account"/>'s.</summary>
    private async Task<Submitted> SubmitAsAsync(TestAccount account, object dossier, IEnumerable<(string Part, string FileName, byte[] Content)>? files = null)
    {
        var token = (await web.Identity.SignInAsync(account.Sub, new Uri(web.Portal.App.BaseAddress, "/signin-callback.html"))).AccessToken;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(dossier, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"), "dossier" },
        };
        foreach (var (part, fileName, content) in files ?? [])
        {
            form.Add(new ByteArrayContent(content), part, fileName);
        }

        using var request = PortalHttp.Request(HttpMethod.Post, "/api/dossiers", form);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await web.Portal.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Submitting as {account.Name} answered {(int)response.StatusCode}: {body}");
        return new Submitted(response, JsonNode.Parse(body));
    }

    private static object Applicant(TestAccount account) =>
        new { kind = "citizen", fullName = account.Name, idNumber = account.IdNumber, phone = "0912345678" };

    private static object Status(string dossierId, string status) => Event("dossier.status_changed", new { dossierId, status });

    private static object Event(string type, object data) => new { type, timestamp = DateTimeOffset.UtcNow, data };

    private Task ApplyAsync(string agencyId, object body) => web.Agency.ApplyAsync(web.Portal.Client, agencyId, body);

    private static string Replace(string url, string parameter, string value)
    {
        var uri = new Uri(url);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[parameter] = value;
        return QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query);
    }

    private async Task Screenshot(IPage page, string name) =>
        output.WriteLine($"screenshot: {await WebPortal.ScreenshotAsync(page, name)}");
}

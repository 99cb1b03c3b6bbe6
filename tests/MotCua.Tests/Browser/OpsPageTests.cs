using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MotCua.Tests.Infrastructure;
using MotCua.Tests.Reporting;
using Xunit.Abstractions;

namespace MotCua.Tests.Browser;

/// <summary>The ops dashboard on the citizen pages' shared helpers (web/js/common.js), and the page-view ping they no longer send on import.</summary>
public sealed class OpsPageTests(WebPortal web, ITestOutputHelper output) : IClassFixture<WebPortal>
{
    private const string KeyLabel = "Khóa chức năng";
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public async Task The_dashboard_refuses_a_wrong_key_then_shows_a_failed_delivery_in_the_portals_date_format_and_replays_it()
    {
        await web.Portal.RegisterAsync(web.Agency, "evn-hanoi");
        web.Agency.FailNext(-1);
        var submitted = await web.Portal.SubmitJsonAsync(Samples.ElectricityPayment());
        // Listed once the schedule (four attempts in the test settings) has run out.
        var failed = await Poll.UntilAsync(() => Ops.GetJsonAsync(web.Portal, "/api/ops/deliveries?state=failed"),
            list => FailedItem(list, submitted.Id)?["attempts"]?.GetValue<int>() == 4, TimeSpan.FromSeconds(30),
            list => $"{submitted.Id} was not listed as failed after four attempts: {Ops.Text(list)}");
        var item = FailedItem(failed, submitted.Id)!;
        var lastAttemptAt = item["lastAttemptAt"]!.GetValue<string>();
        Assert.EndsWith("+07:00", lastAttemptAt, StringComparison.Ordinal);
        var page = await web.NewPageAsync();
        var sent = Record(page);

        await page.GotoAsync("/ops.html");
        await page.GetByLabel(KeyLabel, new() { Exact = true }).FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mở bảng điều hành" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-message .notice.error")).ToHaveTextAsync(
            "Khóa chức năng không đúng hoặc không còn hiệu lực. Vui lòng nhập lại khóa.");
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByLabel(KeyLabel, new() { Exact = true })).ToBeFocusedAsync();
        await Screenshot(page, "ops-1-wrong-key");

        var openedAt = DateTimeOffset.UtcNow;
        await page.GetByLabel(KeyLabel, new() { Exact = true }).FillAsync(FunctionApp.FunctionKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mở bảng điều hành" }).ClickAsync();
        var row = page.Locator("#failed-rows tr", new() { HasText = submitted.Id });
        // Dates as the API writes them (Vietnam time) in the citizen pages' dd/MM/yyyy HH:mm, though the browser runs in Paris.
        await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(
            $"{lastAttemptAt[8..10]}/{lastAttemptAt[5..7]}/{lastAttemptAt[..4]} {lastAttemptAt[11..16]}");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Tổng công ty Điện lực Thành phố Hà Nội (EVNHANOI)");
        await Assertions.Expect(page.Locator("#failed-status .notice.info")).ToHaveTextAsync(new Regex(@"^\d+ chuyển giao thất bại\.$"));
        await Assertions.Expect(page.Locator("[data-stat='today.received']")).ToHaveTextAsync(new Regex(@"^\d{1,3}(\.\d{3})*$"));
        await Assertions.Expect(page.Locator("[data-stat='accounts.citizen']")).ToHaveTextAsync(new Regex(@"^\d{1,3}(\.\d{3})*$"));
        await Assertions.Expect(page.Locator("#mail-status .notice.info")).ToHaveTextAsync(new Regex(@"^\d+ thư báo không gửi được\.$"));
        // say('') leaves an empty text node, which :empty still matches: a cleared status takes no room (its margins), as before.
        await Assertions.Expect(page.Locator("#stats-status")).ToHaveCSSAsync("display", "none");
        await Assertions.Expect(page.Locator("#trend-status .notice.info")).ToHaveTextAsync(
            new Regex($@"(^Từ|^Chưa có báo cáo ngày nào từ) \d{{2}}/\d{{2}}/\d{{4}} đến ({VietnamTimes(openedAt, "dd/MM/yyyy")})"));
        await Assertions.Expect(page.Locator("#refreshed")).ToHaveTextAsync(new Regex($"^Cập nhật lúc ({VietnamTimes(openedAt, "dd/MM/yyyy HH:mm")})$"));
        await Screenshot(page, "ops-2-dashboard");

        web.Agency.FailNext(0);
        await row.GetByRole(AriaRole.Button, new() { Name = "Gửi lại" }).ClickAsync();
        await Assertions.Expect(page.Locator("#failed-result .notice.ok")).ToHaveTextAsync(
            $"Đã gửi lại chuyển giao {item["deliveryId"]!.GetValue<string>()} tới 1 webhook.");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await web.Portal.WaitForDossierAsync(submitted.Id, submitted.AccessKey, d => d["status"]!.GetValue<string>() == "forwarded");

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-message .notice.ok")).ToHaveTextAsync("Đã đăng xuất. Khóa đã được xóa khỏi phiên này.");
        await Assertions.Expect(page.Locator("#failed-rows tr")).ToHaveCountAsync(0);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => Object.keys(sessionStorage)"));
        await Screenshot(page, "ops-3-signed-out");
        Assert.DoesNotContain("POST /api/visits", sent);
    }

    [Fact]
    public async Task Each_citizen_page_counts_its_view_once_and_the_ops_page_importing_the_same_helpers_sends_nothing()
    {
        string[] citizenPages = ["/", "/procedure.html?code=cap-lai-the-bhyt", "/submit.html?code=cap-lai-the-bhyt", "/track.html", "/feedback.html"];
        foreach (var path in citizenPages)
        {
            var page = await web.NewPageAsync();
            var sent = Record(page);

            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });

            Assert.True(sent.Count(request => request == "POST /api/visits") == 1, $"{path} sent: {string.Join(", ", sent)}");
        }

        var ops = await web.NewPageAsync();
        var opsSent = Record(ops);
        await ops.GotoAsync("/ops.html", new() { WaitUntil = WaitUntilState.NetworkIdle });

        await Assertions.Expect(ops.GetByLabel(KeyLabel, new() { Exact = true })).ToBeVisibleAsync();
        Assert.Contains("GET /js/common.js", opsSent);
        Assert.DoesNotContain(opsSent, request => request.Contains(" /api/", StringComparison.Ordinal));
        await Screenshot(ops, "ops-0-sign-in");
    }

    private static JsonNode? FailedItem(JsonNode list, string dossierId) =>
        list["items"]!.AsArray().FirstOrDefault(item => item!["dossierId"]!.GetValue<string>() == dossierId);

    /// <summary>Every request the page sends, as "METHOD /path", in the order sent.</summary>
    private static ConcurrentQueue<string> Record(IPage page)
    {
        var sent = new ConcurrentQueue<string>();
        page.Request += (_, request) => sent.Enqueue($"{request.Method} {new Uri(request.Url).AbsolutePath}");
        return sent;
    }

    /// <summary>Vietnam's clock from <paramref name="from"/> to two minutes later, as alternatives for a pattern.</summary>
    private static string VietnamTimes(DateTimeOffset from, string format) =>
        string.Join('|', Enumerable.Range(0, 3).Select(minutes => from.AddMinutes(minutes).ToOffset(Vietnam).ToString(format, CultureInfo.InvariantCulture))
            .Distinct().Select(Regex.Escape));

    private async Task Screenshot(IPage page, string name) =>
        output.WriteLine($"screenshot: {await WebPortal.ScreenshotAsync(page, name)}");
}

// Issue 18, point 2: every page under the Content-Security-Policy the portal serves it with still runs its modules, calls the API
// and the identity provider, and makes the browser report no violation; and the policy is in force (inline code is refused).
using Microsoft.Playwright;
using MotCua.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MotCua.Tests.Browser;

public sealed class ContentSecurityPolicyTests(WebPortal web, ITestOutputHelper output) : IClassFixture<WebPortal>
{
    [Fact]
    public async Task Every_page_works_under_the_policy_and_the_browser_reports_no_violation()
    {
        var page = await web.NewPageAsync();
        var signIn = page.Locator("#account .sign-in");

        await Visit(page, "/", "index", page.Locator("#results li").First);
        await Visit(page, $"/procedure.html?code={Samples.LicenceExchange}", "procedure", page.Locator("#name"), "Đổi giấy phép lái xe");
        await Visit(page, $"/submit.html?code={Samples.LicenceExchange}", "submit", page.Locator("#dossier"));
        await Visit(page, "/track.html", "track", signIn);
        await Visit(page, "/feedback.html", "feedback", signIn);
        await Visit(page, "/my.html", "my", page.Locator("#signed-out"));
        await Visit(page, "/documents.html", "documents", page.Locator("#signed-out"));
        await Visit(page, "/signin-callback.html", "signin-callback", page.Locator("#progress"), "Chưa đăng nhập được.");
        await Visit(page, "/ops.html", "ops", page.Locator("#key-form"));
        await page.Locator("#function-key").FillAsync(FunctionApp.FunctionKey);
        await page.Locator("#function-key").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#refreshed")).ToContainTextAsync("Cập nhật lúc");
        await Screenshot(page, "csp-ops-dashboard");

        // Signing in reads the provider's discovery document from the page (connect-src), then leaves for the provider's page.
        await page.GotoAsync("/");
        await signIn.ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(web.Identity.Authority.AbsoluteUri, StringComparison.Ordinal));

        Assert.Empty(web.CspViolations);
    }

    [Fact]
    public async Task Inline_style_and_script_added_to_a_page_are_refused_and_reported()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#results li").First).ToBeVisibleAsync();

        var applied = await page.EvaluateAsync<bool[]>("""
            () => {
              const style = document.createElement('style');
              style.textContent = 'h1 { color: rgb(255, 0, 0); }';
              document.head.append(style);
              const script = document.createElement('script');
              script.textContent = 'window.inlineRan = true;';
              document.head.append(script);
              return [getComputedStyle(document.querySelector('h1')).color === 'rgb(255, 0, 0)', window.inlineRan === true];
            }
            """);

        Assert.Equal([false, false], applied);
        // Each is heard twice: by the page's securitypolicyviolation listener and in the browser's console.
        string[] expected = ["style-src-elem blocked inline", "script-src-elem blocked inline", "Applying inline style violates", "Executing inline script violates"];
        await Poll.UntilAsync(() => Task.FromResult(web.CspViolationsOf(page)),
            violations => expected.All(e => violations.Any(v => v.Contains(e, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), violations => $"reported: {string.Join(" | ", violations)}");
        web.ForgetCspViolations(page);
    }

    /// <summary>Opens <paramref name="path"/> and waits for what only its modules (and the API calls they make) would show.</summary>
    private async Task Visit(IPage page, string path, string name, ILocator shown, string? text = null)
    {
        await page.GotoAsync(path);
        if (text is null)
        {
            await Assertions.Expect(shown).ToBeVisibleAsync();
        }
        else
        {
            await Assertions.Expect(shown).ToHaveTextAsync(text);
        }

        await Screenshot(page, $"csp-{name}");
    }

    private async Task Screenshot(IPage page, string name) =>
        output.WriteLine($"screenshot: {await WebPortal.ScreenshotAsync(page, name)}");
}

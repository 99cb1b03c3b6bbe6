// One running portal (its own Azurite, real Kestrel serving web/) pointed at its own demo payment gateway and its own demo
// identity provider, one test agency and one headless Debian chromium, shared by the tests of a class: starting a browser costs
// more than a test should. Every page runs under the portal's Content-Security-Policy as served, and any violation the browser
// reports on any page of a class's tests fails that class.
using Microsoft.Playwright;
using MotCua.DemoIdentity;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Browser;

public sealed class WebPortal : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Runs in every document before its own scripts: what the policy blocked, reported to the test.</summary>
    private const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', (e) =>
          window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`));
        """;

    private readonly Azurite _azurite = new();
    private readonly List<(IPage? Page, string Text)> _violations = [];
    private IPlaywright? _playwright;

    public Portal Portal { get; private set; } = null!;

    /// <summary>The demo gateway the portal takes fees through; its IPN goes to the portal.</summary>
    public TestPayGate PayGate { get; private set; } = null!;

    public TestAgency Agency { get; private set; } = null!;

    /// <summary>The OpenID Connect provider citizens sign in with: the API checks its tokens, the front end is its client.</summary>
    public TestIdentity Identity { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The Content-Security-Policy violations reported so far on the pages of <see cref="NewPageAsync"/>, each with its address.</summary>
    public IReadOnlyList<string> CspViolations => ViolationsWhere(_ => true);

    /// <summary>Where the tests save screenshots of the pages they visit.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Browser tests drive Debian's chromium at {ChromiumPath}: install it with `apt-get install -y --no-install-recommends chromium`.");
        }

        await _azurite.InitializeAsync();
        PayGate = await TestPayGate.StartAsync();
        var identity = TestIdentity.Plan.New();
        Portal = await Portal.StartAsync(_azurite, new Dictionary<string, string?>([.. PayGate.PortalSettings, .. identity.PortalSettings]));
        Identity = await identity.StartAsync(Portal.App.BaseAddress);
        PayGate.IpnUrl = new Uri(Portal.App.BaseAddress, "/api/payments/vnpay/ipn");
        Agency = await TestAgency.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
        // Generous waits: the suite shares two cores with Azurite and the app; a passing step returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(15_000);
        await WarmUpAsync();
    }

    /// <summary>
    /// The first page, the first sign-in at the provider and the app's sign-in settings cost a cold server and browser seconds (JIT,
    /// the provider's keys): paid here, where nothing waits on them, rather than inside the waits of a class's first test (which
    /// overran its 15 s while every browser class started at once). No account is opened; the home page counts one visit.
    /// </summary>
    private async Task WarmUpAsync()
    {
        await Identity.SignInAsync(TestAccounts.All[0].Sub, new Uri(Portal.App.BaseAddress, "/signin-callback.html"));
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await page.Context.CloseAsync();
        using var config = await Portal.Client.GetAsync(new Uri("/api/auth/config", UriKind.Relative));
        config.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A fresh page (its own context: no shared storage, downloads allowed) in Paris time, to show that pages keep Vietnam time; in
    /// <paramref name="locale"/> (a browser set to English must still read and show dates the Vietnamese way).
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "vi-VN")
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Portal.App.BaseAddress.ToString(),
            Locale = locale,
            TimezoneId = "Europe/Paris",
            ViewportSize = new() { Width = 1024, Height = 800 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        await context.ExposeBindingAsync("reportCspViolation", (BindingSource source, string violation) => Record(source.Page, violation));
        await context.AddInitScriptAsync(ViolationListener);
        var page = await context.NewPageAsync();
        // The browser's own report, in case a violation comes before the listener can hear it.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                Record(page, message.Text);
            }
        };
        return page;
    }

    /// <summary>The violations reported on <paramref name="page"/>.</summary>
    public IReadOnlyList<string> CspViolationsOf(IPage page) => ViolationsWhere(v => v.Page == page);

    /// <summary>Forgets the violations of <paramref name="page"/>, for a test that causes them on purpose.</summary>
    public void ForgetCspViolations(IPage page)
    {
        lock (_violations)
        {
            _violations.RemoveAll(violation => violation.Page == page);
        }
    }

    private List<string> ViolationsWhere(Func<(IPage? Page, string Text), bool> which)
    {
        lock (_violations)
        {
            return [.. _violations.Where(which).Select(v => $"{v.Page?.Url}: {v.Text}")];
        }
    }

    private void Record(IPage? page, string violation)
    {
        lock (_violations)
        {
            _violations.Add((page, violation));
        }
    }

    /// <summary>Saves the whole page at desktop width and at 360 px (a small phone), and returns the desktop file's path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var desktop = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = desktop, FullPage = true });
        var size = page.ViewportSize!;
        await page.SetViewportSizeAsync(360, 740);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}-360.png"), FullPage = true });
        await page.SetViewportSizeAsync(size.Width, size.Height);
        return desktop;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Agency is not null)
        {
            await Agency.DisposeAsync();
        }

        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        if (PayGate is not null)
        {
            await PayGate.DisposeAsync();
        }

        if (Identity is not null)
        {
            await Identity.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        // Reported as the class's cleanup failure: every test of it ran its pages under the policy.
        if (CspViolations is { Count: > 0 } violations)
        {
            throw new InvalidOperationException($"The browser reported Content-Security-Policy violations:\n{string.Join("\n", violations)}");
        }
    }
}

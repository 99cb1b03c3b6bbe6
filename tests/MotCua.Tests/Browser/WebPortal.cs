// One running portal (its own Azurite, real Kestrel serving web/) pointed at its own demo payment gateway and its own demo
// identity provider, one test agency and one headless Debian chromium, shared by the tests of a class: starting a browser costs
// more than a test should.
using Microsoft.Playwright;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Browser;

public sealed class WebPortal : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly Azurite _azurite = new();
    private IPlaywright? _playwright;

    public Portal Portal { get; private set; } = null!;

    /// <summary>The demo gateway the portal takes fees through; its IPN goes to the portal.</summary>
    public TestPayGate PayGate { get; private set; } = null!;

    public TestAgency Agency { get; private set; } = null!;

    /// <summary>The OpenID Connect provider citizens sign in with: the API checks its tokens, the front end is its client.</summary>
    public TestIdentity Identity { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

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
        return await context.NewPageAsync();
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
    }
}

// The demo payment gateway (demo/DemoPayGate) in the test process, on a free port with a merchant code and hash secret of
// its own, and a browser that pays through its page the way a customer does.
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MotCua.DemoPayGate;

namespace MotCua.Tests.Infrastructure;

public sealed partial class TestPayGate : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PayGateControl _control;
    private readonly HttpClient _browser = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    private TestPayGate(WebApplication app, Uri baseAddress, string tmnCode, string hashSecret)
    {
        _app = app;
        _control = app.Services.GetRequiredService<PayGateControl>();
        (BaseAddress, TmnCode, HashSecret) = (baseAddress, tmnCode, hashSecret);
    }

    public Uri BaseAddress { get; }

    /// <summary>What <c>Payments__GatewayUrl</c> is set to: the payment page.</summary>
    public Uri GatewayUrl => new(BaseAddress, "paymentv2/vpcpay.html");

    /// <summary>What <c>Payments__ApiUrl</c> is set to: querydr and refund.</summary>
    public Uri ApiUrl => new(BaseAddress, "merchant_webapi/api/transaction");

    public string TmnCode { get; }

    /// <summary>The portal's settings that point it at this gateway.</summary>
    public Dictionary<string, string?> PortalSettings => new()
    {
        ["Payments:GatewayUrl"] = GatewayUrl.AbsoluteUri,
        ["Payments:ApiUrl"] = ApiUrl.AbsoluteUri,
        ["Payments:TmnCode"] = TmnCode,
        ["Payments:HashSecret"] = HashSecret,
    };

    public string HashSecret { get; }

    /// <summary>Where the IPN goes: a closed port until the test sets the portal's (or a stub's) address.</summary>
    public Uri IpnUrl
    {
        get => _control.IpnUrl;
        set => _control.IpnUrl = value;
    }

    /// <summary>Record payments without sending their IPN, as if it were lost.</summary>
    public bool DropIpn
    {
        get => _control.DropIpn;
        set => _control.DropIpn = value;
    }

    /// <param name="configure">Replaces the gateway's services, e.g. its <see cref="TimeProvider"/>.</param>
    /// <param name="options">More command-line switches, e.g. <c>--ipn-retry-delay 00:00:00.5</c>.</param>
    public static async Task<TestPayGate> StartAsync(Action<IServiceCollection>? configure = null, params string[] options)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{Azurite.FreePort()}/");
        var tmnCode = "T" + RandomNumberGenerator.GetHexString(7);
        var hashSecret = RandomNumberGenerator.GetHexString(32);
        var app = PayGateApp.Build(
        [
            "--listen", baseAddress.AbsoluteUri, "--tmn-code", tmnCode, "--hash-secret", hashSecret,
            "--ipn-url", $"http://127.0.0.1:{Azurite.FreePort()}/ipn",
            // Test output shows what went wrong, not every page shown.
            "--Logging:LogLevel:Default", "Warning",
            .. options,
        ], configure);
        await app.StartAsync();
        return new TestPayGate(app, baseAddress, tmnCode, hashSecret);
    }

    /// <summary>
    /// What a customer's browser does with a checkout's <paramref name="payUrl"/>: opens the payment page, picks
    /// <paramref name="bank"/> and presses "Thanh toán" (or "Hủy"). Returns where the gateway sends the browser back, unfollowed.
    /// </summary>
    public async Task<Uri> PayAsync(Uri payUrl, string bank = "NCB", bool cancel = false)
    {
        using var page = await _browser.GetAsync(payUrl);
        var html = await page.Content.ReadAsStringAsync();
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The gateway refused the pay URL with HTTP {(int)page.StatusCode}: {Heading().Match(html).Groups[1].Value}");
        }

        var form = Form().Match(html);
        Assert.True(form.Success, "The payment page has no form posting the signed query");
        using var post = await _browser.PostAsync(new Uri(payUrl, WebUtility.HtmlDecode(form.Groups["action"].Value)), new FormUrlEncodedContent(
        [
            new("query", WebUtility.HtmlDecode(form.Groups["query"].Value)),
            new("bank", bank),
            new("action", cancel ? "cancel" : "pay"),
        ]));
        if (post.StatusCode != HttpStatusCode.Found || post.Headers.Location is not { } location)
        {
            throw new InvalidOperationException($"The gateway answered the payment with HTTP {(int)post.StatusCode}: " +
                Heading().Match(await post.Content.ReadAsStringAsync()).Groups[1].Value);
        }

        return location;
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)">\s*<input type="hidden" name="query" value="(?<query>[^"]*)">""")]
    private static partial Regex Form();

    [GeneratedRegex("<h1>([^<]*)</h1>")]
    private static partial Regex Heading();
}

// The gateway as an app, built here so that Program.cs and the tests start the same thing.
using Microsoft.Extensions.Options;

namespace MotCua.DemoPayGate;

public static class PayGateApp
{
    /// <summary>
    /// The gateway, listening where <c>--listen</c> says once started. Throws <see cref="OptionsValidationException"/> on a
    /// bad option. <paramref name="configure"/> may replace services, e.g. the <see cref="TimeProvider"/>.
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, PayGateOptions.Switches);
        builder.Logging.AddSimpleConsole(console => (console.SingleLine, console.TimestampFormat) = (true, "HH:mm:ss "));
        // This program logs every step in its own words; per-request framework lines would drown them.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        builder.Services.AddOptions<PayGateOptions>().BindConfiguration(PayGateOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.TmnCode), "--tmn-code must not be empty")
            .Validate(o => !string.IsNullOrEmpty(o.HashSecret), "--hash-secret must not be empty")
            .Validate(o => o.IpnUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "--ipn-url must be an absolute http(s) URL")
            .Validate(o => o.Listen is { IsAbsoluteUri: true, Scheme: "http" or "https", AbsolutePath: "/" }, "--listen must be an http(s) URL without a path")
            .Validate(o => o.IpnRetries is >= 0 and <= 100, "--ipn-retries must be between 0 and 100")
            .Validate(o => o.IpnRetryDelay >= TimeSpan.Zero && o.IpnRetryDelay <= TimeSpan.FromHours(1), "--ipn-retry-delay must be between 00:00:00 and 01:00:00");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(nameof(IpnSender), http => http.Timeout = IpnSender.Timeout);
        builder.Services.AddSingleton(services => new PayGateControl(services.GetRequiredService<IOptions<PayGateOptions>>().Value));
        builder.Services.AddSingleton<Transactions>();
        builder.Services.AddSingleton<RequestIds>();
        builder.Services.AddSingleton<IpnSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IpnSender>());
        builder.Services.AddSingleton<Cashier>();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<PayGateOptions>>().Value;
        app.Urls.Add(options.Listen.GetLeftPart(UriPartial.Authority));
        app.MapPayPage();
        app.MapMerchantApi();
        return app;
    }
}

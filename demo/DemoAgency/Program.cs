// A demo agency: plays every agency's one-stop system (hệ thống một cửa điện tử) against a local portal, so each
// submitted dossier goes accepted → processing → result. It speaks only the portal's public contract (API.md).
using Microsoft.Extensions.Options;
using MotCua.DemoAgency;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddCommandLine(args, DemoOptions.Switches);
builder.Logging.AddSimpleConsole(console => (console.SingleLine, console.TimestampFormat) = (true, "HH:mm:ss "));
// This program logs every step in its own words; per-request framework lines would drown them.
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section)
    .Validate(o => o.Portal is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "--portal must be an absolute http(s) URL")
    .Validate(o => o.Listen is { IsAbsoluteUri: true, Scheme: "http" or "https", AbsolutePath: "/" }, "--listen must be an http(s) URL without a path")
    .Validate(o => o.DelaySeconds is >= 0 and <= 3600, "--delay must be between 0 and 3600 seconds")
    .Validate(o => !string.IsNullOrEmpty(o.AdminKey), "--admin-key must not be empty");
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpClient(nameof(PortalClient), (services, http) =>
{
    // A trailing slash so that relative paths like "api/health" keep any path the portal URL has.
    var portal = services.GetRequiredService<IOptions<DemoOptions>>().Value.Portal.AbsoluteUri.TrimEnd('/') + "/";
    (http.BaseAddress, http.Timeout) = (new Uri(portal), TimeSpan.FromSeconds(30));
});
builder.Services.AddSingleton<PortalClient>();
builder.Services.AddSingleton<PlayedAgencies>();
builder.Services.AddSingleton<AgencyRegistration>();
builder.Services.AddSingleton<OneStopClerk>();
builder.Services.AddHostedService(services => services.GetRequiredService<OneStopClerk>());

var app = builder.Build();
DemoOptions options;
try
{
    options = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

app.Urls.Add(options.Listen.GetLeftPart(UriPartial.Authority));
app.MapAgencyWebhooks();

await app.StartAsync();
var exitCode = 0;
try
{
    if (!await app.Services.GetRequiredService<AgencyRegistration>().RunAsync(app.Lifetime.ApplicationStopping))
    {
        exitCode = 1;
        app.Lifetime.StopApplication();
    }
}
catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
{
    // Ctrl+C while still registering.
}

await app.WaitForShutdownAsync();
return exitCode;

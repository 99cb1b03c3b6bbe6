// The whole app, in process, on real Kestrel at a free port, against a given Azurite.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using MotCua.Hosting;

namespace MotCua.Tests.Infrastructure;

public sealed class FunctionApp : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string AdminKey = "test-admin-key";

    private readonly WebApplication _app;

    private FunctionApp(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the app with the given registry (the real one by default) and settings on top of the test defaults,
    /// from the repository root unless another app root (host.json, web/) is given.
    /// </summary>
    public static async Task<FunctionApp> StartAsync(Azurite azurite, FunctionRegistry? functions = null,
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, string? appRoot = null)
    {
        var port = Azurite.FreePort();
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["FunctionKeys:Default"] = FunctionKey,
            ["FunctionKeys:Admin"] = AdminKey,
            ["urls"] = $"http://127.0.0.1:{port}",
            // Test output shows what went wrong, not every request.
            ["Logging:LogLevel:Default"] = "Warning",
            // The developer's own local.settings.json must not leak into tests.
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = Program.CreateApp([], functions ?? Program.Functions(), appRoot ?? RepoRoot.Path, builder =>
        {
            builder.Configuration.AddInMemoryCollection(values);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        if (values["FUNCTIONS_CUSTOMHANDLER_PORT"] is { Length: > 0 } customPort)
        {
            port = int.Parse(customPort, System.Globalization.CultureInfo.InvariantCulture);
        }

        return new FunctionApp(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

// The DevHost's HTTP side: every enabled HTTP function on its route under the prefix, with its methods and auth level,
// forwarded to the worker; POST /admin/functions/{name}; web/ at /. Unmatched paths and methods answer problem+json, as the
// app's old runtime did. Every answer carries the security headers the edge adds in Azure (EdgeHeaders).
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using MotCua.DevHost.Settings;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Http;

internal static class HttpFrontEnd
{
    public static WebApplication Build(DevHostOptions options, IConfiguration settings, WorkerSupervisor worker, IReadOnlyList<WorkerFunction> enabled,
        ILoggerFactory loggers)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.AppRoot });
        builder.Configuration.AddConfiguration(settings);
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http1));
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.FillDetail);
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(worker);
        builder.Services.AddSingleton<IFunctionInvoker>(worker);
        builder.Services.AddSingleton<HttpFunctionForwarder>();
        builder.Services.AddSingleton(_ => worker.Functions);
        builder.Services.AddSingleton<AdminInvoke>();
        builder.Services.AddOptions<FunctionKeysOptions>().BindConfiguration("FunctionKeys");

        var app = builder.Build();
        var prefix = RoutePrefix(settings);
        app.Use(EdgeHeaders.Load(settings, prefix).Middleware);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        ServeWeb(app, Path.Combine(options.AppRoot, "web"));
        foreach (var function in enabled)
        {
            if (HttpTriggerBinding.Of(function) is { } http)
            {
                MapFunction(app, function, http, prefix);
            }
        }

        app.MapPost("/admin/functions/{name}", (string name, HttpRequest request, AdminInvoke admin, IOptions<FunctionKeysOptions> keys,
            CancellationToken cancellationToken) => FunctionKeys.Allows(request, AuthLevel.Admin, keys.Value)
                ? admin.HandleAsync(name, request, cancellationToken)
                : Task.FromResult(FunctionKeys.Refusal()));
        return app;
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c>, <c>api</c> when unset; empty means routes at the root.</summary>
    private static string RoutePrefix(IConfiguration settings) =>
        settings[$"{HostSettings.HostSection}:extensions:http:routePrefix"] ?? "api";

    private static void MapFunction(WebApplication app, WorkerFunction function, HttpTriggerBinding http, string prefix)
    {
        var pattern = prefix.Length == 0 ? http.Route : $"{prefix.Trim('/')}/{http.Route}";
        var forwarder = app.Services.GetRequiredService<HttpFunctionForwarder>();
        var keys = app.Services.GetRequiredService<IOptions<FunctionKeysOptions>>();
        RequestDelegate handler = context => FunctionKeys.Allows(context.Request, http.AuthLevel, keys.Value)
            ? forwarder.ForwardAsync(context, function)
            : FunctionKeys.Refusal().ExecuteAsync(context);
        var endpoint = http.Methods.Count == 0 ? app.Map(pattern, handler) : app.MapMethods(pattern, http.Methods, handler);
        endpoint.WithDisplayName(function.Name);
    }

    private static void ServeWeb(WebApplication app, string web)
    {
        if (!Directory.Exists(web))
        {
            return;
        }

        var files = new PhysicalFileProvider(web);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }
}

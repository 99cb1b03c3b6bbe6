// Wires the registry into ASP.NET Core: HTTP functions under /api with their auth levels, the admin
// invoke endpoint, and either the local runtime (queue listeners, timers) or the custom-handler endpoints.
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace MotCua.Hosting;

public static class FunctionsRuntime
{
    public const string RoutePrefix = "api";

    public static IServiceCollection AddFunctionsRuntime(this IServiceCollection services, FunctionRegistry functions, IConfiguration configuration)
    {
        services.AddSingleton(functions);
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<SharedQueueWatcher>();
        services.AddOptions<FunctionKeysOptions>().BindConfiguration("FunctionKeys");
        services.AddOptions<QueuesOptions>().BindConfiguration($"{FunctionsSettings.HostSection}:extensions:queues");
        services.AddOptions<LocalRuntimeOptions>().BindConfiguration("LocalRuntime");
        if (!configuration.IsCustomHandler())
        {
            services.AddHostedService<QueueListeners>();
            services.AddHostedService<TimerScheduler>();
        }

        return services;
    }

    public static WebApplication MapFunctions(this WebApplication app, string appRoot)
    {
        var functions = app.Services.GetRequiredService<FunctionRegistry>();
        var customHandler = app.Configuration.IsCustomHandler();
        var api = app.MapGroup($"/{RoutePrefix}");
        foreach (var function in functions.Http.Where(function => !app.Configuration.IsDisabled(function.Name)))
        {
            var endpoint = api.MapMethods(function.Route, function.Methods, function.Handler).WithName(function.Name);
            // Behind the Functions host the host itself checks keys before forwarding the request.
            if (!customHandler && function.AuthLevel != AuthLevel.Anonymous)
            {
                endpoint.AddEndpointFilter(RequireKey(function.AuthLevel));
            }
        }

        if (customHandler)
        {
            app.MapCustomHandlerInvocations(functions);
            return app;
        }

        app.MapPost("/admin/functions/{name}", AdminInvoke.HandleAsync).AddEndpointFilter(RequireKey(AuthLevel.Admin));
        var web = Path.Combine(appRoot, "web");
        if (Directory.Exists(web))
        {
            var files = new PhysicalFileProvider(web);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        return app;
    }

    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RequireKey(AuthLevel level) =>
        async (context, next) =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<IOptions<FunctionKeysOptions>>().Value;
            return FunctionKeys.Allows(context.HttpContext.Request, level, keys) ? await next(context) : FunctionKeys.Refusal();
        };
}

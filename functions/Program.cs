// A table of contents: the functions, the services they need, and the runtime that hosts them.
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MotCua.Agencies;
using MotCua.Catalog;
using MotCua.Feedback;
using MotCua.Hosting;
using MotCua.Reporting;
using MotCua.Status;
using MotCua.Storage;
using MotCua.Submission;
using MotCua.Webhooks;

namespace MotCua;

public static class Program
{
    /// <summary>Every function of the app, registered once.</summary>
    public static FunctionRegistry Functions() => new FunctionRegistry()
        .AddHealthFunction()
        .AddCatalogFunctions()
        .AddAgencyFunctions()
        .AddSubmissionFunctions()
        .AddStatusFunctions()
        .AddFeedbackFunctions()
        .AddReportingFunctions()
        .AddDeliveryOpsFunctions()
        .AddOverdueFunctions();

    public static int Main(string[] args)
    {
        if (args is [FunctionMetadata.EmitCommand, var outputFolder])
        {
            FunctionMetadata.Write(Functions(), FunctionsSettings.FindAppRoot(), outputFolder);
            return 0;
        }

        if (args is [DeploymentPackage.Command, var publishFolder, var zipPath])
        {
            DeploymentPackage.Create(publishFolder, zipPath);
            return 0;
        }

        CreateApp(args, Functions()).Run();
        return 0;
    }

    public static WebApplication CreateApp(string[] args, FunctionRegistry functions, string? appRoot = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        appRoot ??= FunctionsSettings.FindAppRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = appRoot });
        builder.Configuration.AddFunctionsSettings(appRoot);
        // Tests and tools add settings and replacement services here; the app's own registrations below use TryAdd where replaceable.
        configure?.Invoke(builder);
        if (builder.Configuration[FunctionsSettings.CustomHandlerPortKey] is { Length: > 0 } port)
        {
            // Behind the Functions host: only the host, on this machine, may call us.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(FunctionsSettings.DefaultLocalUrl);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.FillDetail);
        builder.Services.AddExceptionHandler<StorageOutage>();
        // Vietnamese stays readable in JSON; characters that matter to HTML are still escaped.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        builder.Services.AddStorage();
        builder.Services.AddCatalog();
        builder.Services.AddAgencies();
        builder.Services.AddWebhooks();
        builder.Services.AddSubmission();
        builder.Services.AddStatus();
        builder.Services.AddFeedback();
        builder.Services.AddReporting();
        builder.Services.AddFunctionsRuntime(functions, builder.Configuration);
        builder.Services.AddTelemetry(builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapFunctions(appRoot);
        return app;
    }
}

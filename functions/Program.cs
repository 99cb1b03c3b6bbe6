// A table of contents: the isolated worker, what every invocation shares, and one AddXxx() per feature. The functions
// themselves are the [Function] classes in the feature folders; the Worker SDK lists them (functions.metadata).
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
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
    public static void Main(string[] args) => CreateBuilder(args).Build().Run();

    /// <summary>
    /// The worker, ready to build. Tests build it in their own process and replace a service first (a clock, a failing
    /// queue client): the registrations below that tests replace use TryAdd.
    /// </summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<StorageOutage>();
        builder.UseMiddleware<InvocationTelemetry>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpConventions();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddStorage();
        builder.Services.AddCatalog();
        builder.Services.AddAgencies();
        builder.Services.AddWebhooks();
        builder.Services.AddSubmission();
        builder.Services.AddStatus();
        builder.Services.AddFeedback();
        builder.Services.AddReporting();
        return builder;
    }
}

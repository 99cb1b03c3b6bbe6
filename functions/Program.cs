// A table of contents: the isolated worker, what every invocation shares, and one AddXxx() per feature. The functions
// themselves are the [Function] classes in the feature folders; the Worker SDK lists them (functions.metadata).
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MotCua.Accounts;
using MotCua.Catalog;
using MotCua.Documents;
using MotCua.Feedback;
using MotCua.Hosting;
using MotCua.Notifications;
using MotCua.Payments;
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
    /// The worker, ready to build. Tests build it in their own process and replace a service before building (a clock, a
    /// failing queue client): their registration comes after these, and the last registration of a service wins.
    /// </summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<SecurityHeaders>();
        builder.UseMiddleware<StorageOutage>();
        builder.UseMiddleware<InvocationTelemetry>();
        builder.UseMiddleware<RateLimiting>();
        builder.UseMiddleware<BearerAuthentication>();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpConventions();
        builder.Services.AddRateLimits();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddStorage();
        builder.Services.AddCatalog();
        builder.Services.AddAccounts();
        builder.Services.AddWebhooks();
        builder.Services.AddDocuments();
        builder.Services.AddSubmission();
        builder.Services.AddStatus();
        builder.Services.AddPayments();
        builder.Services.AddNotifications();
        builder.Services.AddFeedback();
        builder.Services.AddReporting();
        return builder;
    }
}

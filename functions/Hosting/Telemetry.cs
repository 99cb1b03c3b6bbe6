// Traces and metrics: incoming HTTP, outgoing HTTP (webhooks) and the app's own "MotCua" source and meter (queue and
// timer invocations), exported to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set and to the console
// when Telemetry__Console is true. With neither, nothing is collected: tests and local runs stay quiet.
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MotCua.Hosting;

public static class Telemetry
{
    public const string Name = "MotCua";

    /// <summary>The correlation id: every span that touches a dossier (submission, webhook delivery, agency callback) carries it.</summary>
    public const string DossierTag = "motcua.dossier_id";

    public const string AgencyTag = "motcua.agency_id";

    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string ConsoleSetting = "Telemetry:Console";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Queue and timer invocations, tagged with the function and its outcome.</summary>
    internal static readonly Histogram<double> InvocationDuration =
        Meter.CreateHistogram<double>("motcua.function.duration", unit: "ms", description: "Duration of queue and timer invocations.");

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        var azureMonitor = !string.IsNullOrEmpty(connectionString);
        var console = configuration.GetValue<bool>(ConsoleSetting);
        if (!azureMonitor && !console)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Name))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (azureMonitor)
                {
                    tracing.AddAzureMonitorTraceExporter(exporter => exporter.ConnectionString = connectionString);
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (azureMonitor)
                {
                    metrics.AddAzureMonitorMetricExporter(exporter => exporter.ConnectionString = connectionString);
                }

                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        return services;
    }
}

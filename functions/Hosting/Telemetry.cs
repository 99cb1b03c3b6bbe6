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

    /// <summary>Requests refused with 429, tagged with the function and the budget spent (RateLimiting).</summary>
    internal static readonly Counter<long> RateLimited =
        Meter.CreateCounter<long>("motcua.http.rate_limited", description: "Requests refused because a rate limit was reached.");

    /// <summary>
    /// The settings decide what is registered, so they are read here rather than bound as options, and checked here: a bad
    /// one throws while the worker is being built, which stops its start as a failed options validation would.
    /// </summary>
    /// <exception cref="InvalidOperationException">A setting is not one the app can use; the message names it.</exception>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var (connectionString, console) = Settings(configuration);
        if (connectionString is null && !console)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Name))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (connectionString is not null)
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
                if (connectionString is not null)
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

    /// <summary>The Application Insights connection string (null when unset) and whether to export to the console, checked.</summary>
    /// <exception cref="InvalidOperationException">A setting is not one the app can use; the message names it.</exception>
    private static (string? ConnectionString, bool Console) Settings(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting] is { Length: > 0 } text ? text : null;
        if (connectionString is not null && ConnectionStringProblem(connectionString) is { } problem)
        {
            throw new InvalidOperationException(
                $"{ConnectionStringSetting} must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=https://…): {problem}");
        }

        var console = configuration[ConsoleSetting] switch
        {
            null or "" => false,
            var value when bool.TryParse(value, out var on) => on,
            _ => throw new InvalidOperationException("Telemetry:Console (Telemetry__Console) must be true or false."),
        };
        return (connectionString, console);
    }

    /// <summary>
    /// What the Azure Monitor exporter would refuse, said early and in the setting's name: key=value pairs, an
    /// InstrumentationKey that is a GUID, and every *Endpoint an absolute http(s) URL. Null when none.
    /// </summary>
    internal static string? ConnectionStringProblem(string connectionString)
    {
        var pairs = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToList();
        // Values are not repeated: the string is not a secret, but an operator pastes secrets into the wrong setting too.
        if (pairs.Any(pair => pair is not [{ Length: > 0 }, { Length: > 0 }]))
        {
            return "a part of it is not a key=value pair.";
        }

        if (!pairs.Any(pair => pair[0].Equals("InstrumentationKey", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(pair[1], out _)))
        {
            return "it has no InstrumentationKey that is a GUID.";
        }

        return pairs.FirstOrDefault(pair => pair[0].EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase)
            && !(Uri.TryCreate(pair[1], UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")) is { } endpoint
            ? $"its {endpoint[0]} is not an http(s) URL."
            : null;
    }
}

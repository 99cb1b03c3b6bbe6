// Queue and timer triggers run by the WebJobs SDK, the engine inside the Functions host, configured the way the host
// configures it: extension options from host.json (AzureFunctionsJobHost:…), storage from AzureWebJobsStorage, one host
// id per storage account, and WebJobs functions emitted from the worker's metadata.
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Timers;
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Triggers;

internal static class WebJobsTriggers
{
    /// <summary>Where the WebJobs SDK reads its options from: host.json's section, as the Functions host points it.</summary>
    private const string ConfigurationRootSetting = "AzureWebJobsConfigurationSection";

    private const string HostJsonSection = "AzureFunctionsJobHost";

    /// <summary>
    /// Builds and starts a WebJobs SDK host that runs every queue and timer function in <paramref name="functions"/> through
    /// <paramref name="invoker"/>, configured from <paramref name="settings"/>. Returns once its listeners are started (a
    /// timer with runOnStartup or past due has then run once), or, when storage cannot be reached, once the first attempt
    /// failed: the triggers then keep starting again in the background. StopAsync stops listening, waits for the invocations
    /// running and releases the timers' locks to a standby DevHost; Dispose alone stops listening, and the locks expire.
    /// </summary>
    public static async Task<IHost> StartAsync(IReadOnlyList<WorkerFunction> functions, IFunctionInvoker invoker,
        IConfiguration settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var triggerSettings = new TriggerSettings(settings);
        var triggered = functions
            .Where(function => TriggerBindings.Is(function, QueueTriggerBinding.Type) || TriggerBindings.Is(function, TimerTriggerBinding.Type))
            .ToList();
        var running = new RunningInvocations();
        var instance = (GeneratedFunctions)Activator.CreateInstance(GeneratedFunctionsType.Emit(triggered, triggerSettings))!;
        instance.Dispatcher = new TriggerDispatcher(triggered, invoker, triggerSettings.TimeZone, running);

        var provider = new GeneratedFunctionsProvider(instance);
        var logger = loggerFactory.CreateLogger(typeof(WebJobsTriggers).FullName!);
        var host = new RestartingTriggerHost(failures => BuildHost(provider, running, failures, triggerSettings, settings, loggerFactory), logger);
        await host.StartOrRetryAsync(cancellationToken);
        LogListeners(triggered, triggerSettings, logger);
        return host;
    }

    private static IHost BuildHost(GeneratedFunctionsProvider functions, RunningInvocations running, IWebJobsExceptionHandlerFactory failures,
        TriggerSettings triggerSettings, IConfiguration settings, ILoggerFactory loggerFactory) =>
        new HostBuilder()
            // Before ConfigureWebJobs: hosted services stop in reverse order, so this one waits after the listeners stopped.
            .ConfigureServices(services => services.AddSingleton<IHostedService>(running))
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.UseHostId(triggerSettings.HostId);
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageQueues();
                webJobs.AddTimers();
                // Registered after AddTimers() so it replaces Extensions 3.0.6's monitor, which fails to load with Host.Storage 5.
                webJobs.Services.AddSingleton<ScheduleMonitor, BlobScheduleMonitor>();
                webJobs.Services.AddSingleton(failures);
            })
            // Only the DevHost's merged settings: ConfigureWebJobs would add the process environment above them.
            .ConfigureAppConfiguration(configuration =>
            {
                configuration.Sources.Clear();
                configuration.AddInMemoryCollection([new(ConfigurationRootSetting, HostJsonSection)]);
                configuration.AddConfiguration(settings);
            })
            .ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
                // The SDK's own start-up chatter; failures, retries and poison moves are warnings or errors and still show.
                logging.SetMinimumLevel(LogLevel.Warning);
                // Host.Results repeats every failure for Application Insights; the Functions host keeps it off the console.
                logging.AddFilter("Host.Results", LogLevel.None);
                // The storage SDK logs expected 404s (a poison queue or lock blob not yet created) as warnings.
                logging.AddFilter("Azure.Core", LogLevel.Error);
                // "Singleton lock acquired (…Listener)": which DevHost runs a timer, for whoever raises Host.Singleton to Debug.
                logging.AddFilter("Host.Singleton", LogLevel.Debug);
            })
            .ConfigureServices(services =>
            {
                services.AddSingleton<ITypeLocator>(functions);
                services.AddSingleton<IJobActivator>(functions);
                services.AddSingleton<IHostLifetime, StoppedByOwnerLifetime>();
                services.Configure<JobHostFunctionTimeoutOptions>(options => ConfigureTimeout(options, triggerSettings.FunctionTimeout));
            })
            .Build();

    /// <summary>
    /// functionTimeout cancels the invocation (the worker gets InvocationCancel) and the message is retried. The Functions
    /// host also sets ThrowOnTimeout, which restarts the host; in the SDK that rethrows on a new thread and ends the
    /// process, which would end a whole test run, so the DevHost does not.
    /// </summary>
    private static void ConfigureTimeout(JobHostFunctionTimeoutOptions options, TimeSpan? timeout)
    {
        if (timeout is { } value)
        {
            options.Timeout = value;
            options.TimeoutWhileDebugging = true;
        }
    }

    /// <summary>One line per listener, as the old runtime and the Functions host log them; the SDK's own start logs are filtered out.</summary>
    private static void LogListeners(IReadOnlyList<WorkerFunction> functions, TriggerSettings settings, ILogger logger)
    {
        foreach (var function in functions)
        {
            if (TriggerBindings.Is(function, QueueTriggerBinding.Type))
            {
                logger.LogInformation("Listening on queue '{QueueName}' for 'Functions.{FunctionName}'",
                    settings.Resolve(QueueTriggerBinding.From(function).QueueName), function.Name);
            }
            else
            {
                logger.LogInformation("Timer 'Functions.{FunctionName}' follows '{Schedule}' in {TimeZone} (one DevHost per host id '{HostId}' runs it)",
                    function.Name, settings.Resolve(TimerTriggerBinding.From(function).Schedule), settings.TimeZone.Id, settings.HostId);
            }
        }
    }
}

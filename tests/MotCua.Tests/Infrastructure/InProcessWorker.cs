// The real worker built in the test process instead of started as its own process, so that a test can replace one of
// its services (a clock, a queue client that fails, a recording storage client). The DevHost still drives it over gRPC
// and forwards HTTP to it, exactly as it drives a worker process (docs/decisions/0001-isolated-worker-and-devhost.md).
using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using MotCua.DevHost;

namespace MotCua.Tests.Infrastructure;

/// <summary>A worker app that a test can build: its assembly and the builder its Program makes.</summary>
public sealed record WorkerApp(Assembly Assembly, Func<string[], FunctionsApplicationBuilder> CreateBuilder)
{
    /// <summary>The portal's function app, functions/.</summary>
    public static WorkerApp Portal { get; } = new(typeof(MotCua.Program).Assembly, MotCua.Program.CreateBuilder);
}

public sealed class InProcessWorker(WorkerApp app, Action<FunctionsApplicationBuilder>? configure) : IWorkerLauncher
{
    /// <summary>The worker's own names for the arguments the host starts it with (WorkerHostBuilderExtensions.RegisterCommandLine).</summary>
    private static readonly Dictionary<string, string> StartArguments = new()
    {
        ["--functions-uri"] = "Functions:Worker:HostEndpoint",
        ["--functions-request-id"] = "Functions:Worker:RequestId",
        ["--functions-worker-id"] = "Functions:Worker:WorkerId",
        ["--functions-grpc-max-message-length"] = "Functions:Worker:GrpcMaxMessageLength",
    };

    /// <summary>The services of the worker started last; for a test that runs one of the app's own classes by hand.</summary>
    public IServiceProvider? Services { get; private set; }

    public async Task<IWorkerProcess> StartAsync(WorkerStartInfo start, CancellationToken cancellationToken)
    {
        // The worker loads a function's assembly from this folder (GrpcFunctionDefinition reads the variable itself). The test
        // folder holds every worker assembly the tests build, so one value serves every in-process worker at once.
        Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", AppContext.BaseDirectory);
        var builder = app.CreateBuilder([.. start.Arguments]);
        // Settings as configuration rather than environment variables, which several workers in one process would share; and
        // the start arguments, which the worker reads from the process's command line (the test runner's, here).
        builder.Configuration.AddInMemoryCollection(start.Environment
            .Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), setting.Value)));
        builder.Configuration.AddCommandLine([.. start.Arguments], StartArguments);
        ApplyGeneratedStartup(builder);
        ListenOnAPortOfItsOwn(builder);
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        Services = host.Services;
        var running = new Running(host);
        // A worker stops its host when the DevHost sends WorkerTerminate: that is this worker's exit.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(running.HasExited);
        return running;
    }

    /// <summary>
    /// What the worker does for its entry assembly at start-up, done for the app's assembly: the entry assembly here is the
    /// test runner. The Worker SDK generates a metadata provider and an executor (IAutoConfigureStartup) and a class that
    /// runs the extensions' start-up code.
    /// </summary>
    private void ApplyGeneratedStartup(FunctionsApplicationBuilder builder)
    {
        var hostBuilder = new ServicesOnlyHostBuilder(builder.Services);
        foreach (var type in app.Assembly.GetTypes().Where(t => typeof(IAutoConfigureStartup).IsAssignableFrom(t) && !t.IsAbstract))
        {
            ((IAutoConfigureStartup)Activator.CreateInstance(type)!).Configure(hostBuilder);
        }

        if (app.Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>() is { } extensions)
        {
            ((WorkerExtensionStartup)Activator.CreateInstance(extensions.StartupCodeExecutorType)!).Configure(builder);
        }
    }

    /// <summary>
    /// The ASP.NET Core integration picks its port once per process (HttpUriProvider, a static), which suits one worker per
    /// process; several in the test process would all bind that one port. Each gets its own, and tells the host so in the
    /// same capability the integration reports it in.
    /// </summary>
    private static void ListenOnAPortOfItsOwn(FunctionsApplicationBuilder builder)
    {
        var port = Azurite.FreePort();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.PostConfigure<WorkerOptions>(worker =>
            worker.Capabilities["HttpUri"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    private sealed class Running(IHost host) : IWorkerProcess
    {
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Exited => _exited.Task;

        public int? ProcessId => null;

        public void HasExited() => _exited.TrySetResult();

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
            _exited.TrySetResult();
        }
    }

    /// <summary>The generated start-up classes only add services; this gives them the builder's service collection.</summary>
    private sealed class ServicesOnlyHostBuilder(IServiceCollection services) : IHostBuilder
    {
        public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

        public IHostBuilder ConfigureServices(Action<HostBuilderContext, IServiceCollection> configureDelegate)
        {
            configureDelegate(new HostBuilderContext(Properties) { Configuration = new ConfigurationBuilder().Build(), HostingEnvironment = new Environment() }, services);
            return this;
        }

        public IHost Build() => throw new NotSupportedException();

        public IHostBuilder ConfigureAppConfiguration(Action<HostBuilderContext, IConfigurationBuilder> configureDelegate) => throw new NotSupportedException();

        public IHostBuilder ConfigureContainer<TContainerBuilder>(Action<HostBuilderContext, TContainerBuilder> configureDelegate) => throw new NotSupportedException();

        public IHostBuilder ConfigureHostConfiguration(Action<IConfigurationBuilder> configureDelegate) => throw new NotSupportedException();

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory)
            where TContainerBuilder : notnull => throw new NotSupportedException();

        public IHostBuilder UseServiceProviderFactory<TContainerBuilder>(Func<HostBuilderContext, IServiceProviderFactory<TContainerBuilder>> factory)
            where TContainerBuilder : notnull => throw new NotSupportedException();

        private sealed class Environment : IHostEnvironment
        {
            public string EnvironmentName { get; set; } = Environments.Production;

            public string ApplicationName { get; set; } = "";

            public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

            public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        }
    }
}

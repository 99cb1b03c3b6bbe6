// Stub until the WebJobs SDK triggers are merged: a started host with no functions.
using MotCua.DevHost.Worker;

namespace MotCua.DevHost.Triggers;

internal static class WebJobsTriggers
{
    public static async Task<IHost> StartAsync(IReadOnlyList<WorkerFunction> functions, IFunctionInvoker invoker,
        IConfiguration settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var host = new HostBuilder().Build();
        await host.StartAsync(cancellationToken);
        return host;
    }
}

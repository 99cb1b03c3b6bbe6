// The local runtime's queue triggers: one listener per queue function, configured from host.json extensions.queues.
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace MotCua.Hosting;

internal sealed class QueueListeners(
    FunctionRegistry functions,
    QueueServiceClient queues,
    FunctionInvoker invoker,
    SharedQueueWatcher watcher,
    IConfiguration configuration,
    IOptions<QueuesOptions> queuesOptions,
    IOptions<LocalRuntimeOptions> runtimeOptions,
    TimeProvider time,
    ILogger<QueueListeners> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(functions.Queues.Where(function => !configuration.IsDisabled(function.Name)).Select(function =>
            new QueueListener(function, queues, invoker, watcher, queuesOptions.Value, runtimeOptions.Value.MessageLease, time, logger)
                .RunAsync(stoppingToken)));
}

namespace MotCua.Hosting;

// PLACEHOLDER: replaced by the queue-listener work.
internal sealed class QueueListeners : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}

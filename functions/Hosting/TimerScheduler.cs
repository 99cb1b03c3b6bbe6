namespace MotCua.Hosting;

// PLACEHOLDER: replaced by the timer work.
internal sealed class TimerScheduler : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}

namespace MotCua.DevHost.Triggers;

/// <summary>
/// Instead of the default ConsoleLifetime: the DevHost stops the WebJobs host itself, in order (triggers before the
/// worker), so Ctrl+C must not stop it on its own, and it prints no "Application started" lines.
/// </summary>
internal sealed class StoppedByOwnerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

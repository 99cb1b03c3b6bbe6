namespace MotCua.DevHost;

/// <summary>
/// The lifetime of the DevHost's inner web servers: started and stopped by the DevHost only. The default console lifetime
/// would stop them on Ctrl+C on its own, once per server and per DevHost in a test process, and print its banner each time.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

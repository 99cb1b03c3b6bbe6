namespace MotCua.DevHost.Triggers;

/// <summary>Writes the WebJobs host's logs to the DevHost's logger factory, which it does not own (so never disposes).</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}

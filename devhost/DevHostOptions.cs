namespace MotCua.DevHost;

/// <summary>What a <see cref="DevHost"/> serves and with which settings.</summary>
public sealed class DevHostOptions
{
    /// <summary>The folder with host.json, an optional local.settings.json and an optional web/.</summary>
    public required string AppRoot { get; init; }

    /// <summary>Settings on top of every other source, for the host and the worker; keys with ':' or '__'.</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public string Urls { get; init; } = "http://localhost:7071";

    /// <summary>How the worker is started; null starts the built functions/ worker as a child process.</summary>
    public IWorkerLauncher? Worker { get; init; }
}

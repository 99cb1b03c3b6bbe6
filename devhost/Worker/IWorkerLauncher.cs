// How the DevHost gets a worker: a child process by default, or (in tests) a worker run inside the test process.
namespace MotCua.DevHost;

public interface IWorkerLauncher
{
    /// <summary>Starts a worker that connects to the host as <paramref name="start"/> says; returns once it is started, not connected.</summary>
    Task<IWorkerProcess> StartAsync(WorkerStartInfo start, CancellationToken cancellationToken);
}

/// <param name="Arguments">The command line the host gives a worker (--functions-uri, --functions-worker-id, …).</param>
/// <param name="Environment">The worker's whole environment: the host's own, local.settings.json Values and the DevHost's settings.</param>
/// <param name="ApplicationDirectory">The folder of the built worker (FUNCTIONS_APPLICATION_DIRECTORY).</param>
public sealed record WorkerStartInfo(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment, string ApplicationDirectory);

/// <summary>A started worker. Disposing it stops it.</summary>
public interface IWorkerProcess : IAsyncDisposable
{
    /// <summary>Completes when the worker has stopped, whatever the reason.</summary>
    Task Exited { get; }

    /// <summary>The worker's process id; null when it runs inside this process.</summary>
    int? ProcessId { get; }
}

// How a worker is started: the built app's location, and the command line and environment the Functions host gives it.
using System.Globalization;
using System.Reflection;

namespace MotCua.DevHost.Worker;

internal static class WorkerStart
{
    public const string WorkerPathSetting = "DevHost:WorkerPath";

    /// <summary>
    /// The built worker: setting <c>DevHost:WorkerPath</c>, else functions/ built in the DevHost's own configuration, so
    /// <c>dotnet build -c Release</c> then <c>dotnet run --project devhost -c Release</c> pairs the two.
    /// </summary>
    public static string WorkerAssembly(string appRoot, IConfiguration settings) =>
        settings[WorkerPathSetting] is { Length: > 0 } path
            ? Path.GetFullPath(path, appRoot)
            : Path.Combine(appRoot, "functions", "bin", BuildConfiguration, "net10.0", "MotCua.dll");

    public static WorkerStartInfo Info(string workerId, Uri hostEndpoint, string applicationDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        string[] arguments =
        [
            "--functions-uri", hostEndpoint.AbsoluteUri,
            "--functions-worker-id", workerId,
            "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture),
        ];
        var workerEnvironment = new Dictionary<string, string?>(environment, StringComparer.Ordinal)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            // Without it the worker loads no function.
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = applicationDirectory,
            ["AzureWebJobsScriptRoot"] = applicationDirectory,
        };
        return new WorkerStartInfo(arguments, workerEnvironment, applicationDirectory);
    }

    private static string BuildConfiguration =>
        typeof(WorkerStart).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}

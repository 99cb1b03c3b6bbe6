// `dotnet run --project devhost [-c Release] [-- --urls http://127.0.0.1:PORT]`: the portal with the worker built in the same
// configuration, until Ctrl+C or SIGTERM. The app root is found from the working directory (for `dotnet run`, the project's),
// unless DevHost__AppRoot names one (tests run the DevHost on an app root of their own, without local.settings.json).
using System.Runtime.InteropServices;
using MotCua.DevHost;
using MotCua.DevHost.Settings;
using MotCua.DevHost.Worker;

var appRoot = Environment.GetEnvironmentVariable("DevHost__AppRoot") is { Length: > 0 } given ? given : AppRoot.Find(Directory.GetCurrentDirectory());
if (appRoot is null)
{
    await Console.Error.WriteLineAsync("No folder with host.json and functions/ here or above: run the DevHost from inside the repository.");
    return 1;
}

// As the old local runtime: --urls, else ASPNETCORE_URLS, else Core Tools' http://localhost:7071.
var urls = args is ["--urls", var url] ? url
    : args is [var option] && option.StartsWith("--urls=", StringComparison.Ordinal) ? option[7..]
    : Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    press.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    stop.Cancel();
});

var options = string.IsNullOrEmpty(urls) ? new DevHostOptions { AppRoot = appRoot } : new DevHostOptions { AppRoot = appRoot, Urls = urls };
DevHost host;
try
{
    host = await DevHost.StartAsync(options, stop.Token);
}
catch (Exception ex) when (ex is WorkerStartException or FileNotFoundException)
{
    // A line, not a stack trace of ours: the reason is the worker's, in its lines above (a setting it refuses names itself).
    await Console.Error.WriteLineAsync($"The DevHost did not start. {ex.Message}");
    return 1;
}

await using var running = host;
await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
await host.StopAsync();
return 0;

// `dotnet run --project devhost [-- --urls http://127.0.0.1:PORT]` from anywhere inside the repository: the portal with its
// built worker, until Ctrl+C or SIGTERM.
using System.Runtime.InteropServices;
using MotCua.DevHost;
using MotCua.DevHost.Settings;

var appRoot = AppRoot.Find(Directory.GetCurrentDirectory());
if (appRoot is null)
{
    await Console.Error.WriteLineAsync("No folder with host.json and functions/ here or above: run the DevHost from inside the repository.");
    return 1;
}

var urls = args is ["--urls", var given] ? given : args is [var option] && option.StartsWith("--urls=", StringComparison.Ordinal) ? option[7..] : null;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) => (press.Cancel, _) = (true, stop.CancelAsync());
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => (signal.Cancel, _) = (true, stop.CancelAsync()));

var options = urls is null ? new DevHostOptions { AppRoot = appRoot } : new DevHostOptions { AppRoot = appRoot, Urls = urls };
await using var host = await DevHost.StartAsync(options, stop.Token);
await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
await host.StopAsync();
return 0;

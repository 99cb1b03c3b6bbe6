// Issue 14, point 7, end to end: the portal as a developer runs it (the built DevHost, which starts the built worker as its
// own process) with one bad setting does not start, and says which setting. No storage is needed: the worker refuses
// before it connects to the host, so the host never gets as far as its triggers.
using System.Collections.Concurrent;
using System.Diagnostics;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class BadSettingStopsTheAppTests
{
    [Theory]
    [InlineData("Limits__MaxFileBytes", "0", "Limits:MaxFileBytes (Limits__MaxFileBytes)")]
    [InlineData("Feedback__DefaultAgencyId", "khong-co-co-quan-nay", "Feedback:DefaultAgencyId (Feedback__DefaultAgencyId)")]
    [InlineData("Holidays__Path", "/khong-co/holidays.json", "Holidays:Path (Holidays__Path)")]
    [InlineData("Webhooks__RetrySchedule", "00:00:05,soon", "Webhooks:RetrySchedule")]
    public async Task The_app_stops_at_start_and_its_output_names_the_setting(string variable, string value, string named)
    {
        using var appRoot = new TestAppRoot();
        var start = new ProcessStartInfo("dotnet", [TestAppRoot.DevHost, "--urls", $"http://127.0.0.1:{Azurite.FreePort()}"])
        {
            WorkingDirectory = appRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["DevHost__AppRoot"] = appRoot.Path,
                ["DevHost__WorkerPath"] = TestAppRoot.PortalWorker,
                ["AzureWebJobsStorage"] = Azurite.UnreachableConnectionString(),
                ["DOTNET_NOLOGO"] = "1",
                [variable] = value,
            },
        };
        var output = new ConcurrentQueue<string>();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The DevHost did not start.");
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var minute = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(minute.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The app was still running a minute after it started with {variable}={value}:\n{string.Join('\n', output)}");
        }

        // WaitForExitAsync returns once the output is read to its end.
        var text = string.Join('\n', output);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains(named, text, StringComparison.Ordinal);
        Assert.Contains("The DevHost did not start. The worker exited before it connected to the host", text, StringComparison.Ordinal);
        // Started once, not restarted: the same settings would be refused again.
        Assert.Single(output, line => line.Contains("Worker started", StringComparison.Ordinal));
    }
}

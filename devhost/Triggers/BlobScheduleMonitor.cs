// Extensions 3.0.6's StorageScheduleMonitor is built on the old storage SDK and fails to load with Host.Storage 5
// (TypeLoadException: DistributedLockManagerContainerProvider). This one keeps the same blob, in the same place and
// format: azure-webjobs-hosts/timers/<hostId>/<timer>/status, {"Last":…,"Next":…,"LastUpdated":…}. With it a run
// missed while no DevHost ran fires once, as past due, at the next start, and a run that happened is not repeated.
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Azure.WebJobs.Host.Storage;

namespace MotCua.DevHost.Triggers;

internal sealed class BlobScheduleMonitor(IAzureBlobStorageProvider storage, IHostIdProvider hostIds, ILogger<BlobScheduleMonitor> logger)
    : ScheduleMonitor
{
    /// <param name="timerName">The timer's method, Host.Functions.&lt;Name&gt;.</param>
    /// <returns>The stored status (times machine-local, as the timer listener compares them with DateTime.Now), or null.</returns>
    public override async Task<ScheduleStatus?> GetStatusAsync(string timerName)
    {
        var blob = await StatusBlobAsync(timerName);
        try
        {
            return (await blob.DownloadContentAsync()).Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "The schedule status of timer {TimerName} is unreadable; starting it afresh", timerName);
            return null;
        }
    }

    public override async Task UpdateStatusAsync(string timerName, ScheduleStatus status)
    {
        try
        {
            await (await StatusBlobAsync(timerName)).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true);
        }
        // Best effort, as the host's monitor: the schedule goes on from memory; at worst a restart repeats this run as past due.
        catch (RequestFailedException ex)
        {
            logger.LogError(ex, "Could not record the schedule status of timer {TimerName}", timerName);
        }
    }

    /// <remarks>The timer's singleton lock has created the container before its listener asks for the status.</remarks>
    private async Task<BlobClient> StatusBlobAsync(string timerName)
    {
        if (!storage.TryCreateHostingBlobContainerClient(out var container))
        {
            throw new InvalidOperationException("Timers need the AzureWebJobsStorage connection for their schedule status.");
        }

        return container.GetBlobClient($"timers/{await hostIds.GetHostIdAsync(CancellationToken.None)}/{timerName}/status");
    }
}

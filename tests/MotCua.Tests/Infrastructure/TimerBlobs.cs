// Where the Functions host (and the DevHost) keeps its timers' state in AzureWebJobsStorage: each timer's schedule status
// and the blob lease that lets one host of a host id run it.
using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;

namespace MotCua.Tests.Infrastructure;

public static class TimerBlobs
{
    public const string Container = "azure-webjobs-hosts";

    /// <summary>The DevHost's host id when none is set.</summary>
    public const string DefaultHostId = "motcua";

    /// <summary>A host id of a test's own (the WebJobs SDK allows 32 characters), so its timers share no lock or status.</summary>
    public static string NewHostId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..16]}";

    public static string StatusPath(string hostId, string function) => $"timers/{hostId}/Host.Functions.{function}/status";

    public static string LockPath(string hostId, string function) => $"locks/{hostId}/Host.Functions.{function}.Listener";

    /// <summary>Stores a timer's schedule status as if it last ran at <paramref name="lastRun"/> (machine-local times, as kept).</summary>
    public static async Task WriteStatusAsync(string connectionString, string hostId, string function, DateTime lastRun, DateTime next)
    {
        var container = new BlobServiceClient(connectionString).GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(StatusPath(hostId, function)).UploadAsync(
            BinaryData.FromObjectAsJson(new ScheduleStatus { Last = lastRun, Next = next, LastUpdated = lastRun }), overwrite: true);
    }
}

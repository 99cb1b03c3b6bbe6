using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using MotCua.Hosting;

namespace MotCua.Storage;

/// <summary>
/// Creates the app's tables, queues and containers before the app takes traffic, so no request pays for a
/// create-if-not-exists round trip. If storage is down at start-up it keeps trying in the background.
/// </summary>
internal sealed class StorageInitializer(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs,
    TimeProvider clock, ILogger<StorageInitializer> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryCreateAllAsync(cancellationToken))
        {
            await base.StartAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
        }
        while (!await TryCreateAllAsync(stoppingToken));
    }

    private async Task<bool> TryCreateAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(
                StorageNames.Tables.Select(name => tables.CreateTableIfNotExistsAsync(name, cancellationToken))
                    .Concat<Task>(StorageNames.Queues.Select(name => queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)))
                    .Concat(StorageNames.Containers.Select(name => blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
            return true;
        }
        catch (Exception ex) when (StorageOutage.IsStorageError(ex))
        {
            logger.LogError(ex, "Storage is not answering; tables, queues and containers will be created when it does");
            return false;
        }
    }
}

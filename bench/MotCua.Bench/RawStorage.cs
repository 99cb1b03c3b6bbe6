// The baselines' own storage clients, configured as the app configures its clients (StorageAccount: three quick
// retries, base64 queue messages), so that a baseline differs from the app only in not being the app.
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using MotCua.Storage;

namespace MotCua.Bench;

internal sealed class RawStorage
{
    public RawStorage(string connectionString)
    {
        Tables = new TableServiceClient(connectionString, StorageAccount.WithRetry(new TableClientOptions()));
        Blobs = new BlobServiceClient(connectionString, StorageAccount.WithRetry(new BlobClientOptions()));
        Queues = new QueueServiceClient(connectionString, StorageAccount.WithRetry(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
        Dossiers = Tables.GetTableClient(StorageNames.DossiersTable);
        Outbox = Tables.GetTableClient(StorageNames.OutboxTable);
        Indexes = Tables.GetTableClient(StorageNames.IndexesTable);
        Counters = Tables.GetTableClient(StorageNames.CountersTable);
        Agencies = Tables.GetTableClient(StorageNames.AgenciesTable);
        Reports = Tables.GetTableClient(StorageNames.ReportsTable);
        Deliver = Queues.GetQueueClient(StorageNames.DeliverQueue);
    }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Dossiers { get; }

    public TableClient Outbox { get; }

    public TableClient Indexes { get; }

    public TableClient Counters { get; }

    public TableClient Agencies { get; }

    public TableClient Reports { get; }

    public QueueClient Deliver { get; }
}

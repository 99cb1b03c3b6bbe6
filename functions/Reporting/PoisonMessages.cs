// The `deliver` messages that failed maxDequeueCount times, as ops see and move them (ListPoisonMessages,
// RequeuePoisonMessages). Read and moved through a client that does no decoding, so a body that is not base64 (moved
// here as it came, see StorageAccount) is shown and moved too rather than silently skipped by the SDK, and every body
// goes back to `deliver` byte for byte.
using Azure.Storage.Queues;
using MotCua.Storage;

namespace MotCua.Reporting;

internal static class PoisonMessages
{
    public const string QueueName = StorageNames.DeliverQueue + StorageNames.PoisonSuffix;

    /// <summary>The most messages one peek or receive returns (Queue storage's limit).</summary>
    public const int MaxBatchSize = 32;

    /// <summary>Reads and writes bodies as stored, so undecodable messages can be shown and moved too.</summary>
    public static QueueServiceClient RawQueues(StorageConnection connection) =>
        connection.Queues(StorageAccount.WithRetry(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
}

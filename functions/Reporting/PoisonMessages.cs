// GET /api/ops/poison and POST /api/ops/poison/requeue: the `deliver` messages that failed maxDequeueCount times.
// Read and moved through a client that does no decoding, so a body that is not base64 (moved here as it came,
// see StorageAccount) is shown and moved too rather than silently skipped by the SDK, and every body goes back
// to `deliver` byte for byte.
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body);

internal sealed record PoisonQueueView(string Queue, IReadOnlyList<PoisonMessage> Items);

internal sealed record PoisonRequeued(int Requeued);

internal static class PoisonMessages
{
    public const string QueueName = StorageNames.DeliverQueue + StorageNames.PoisonSuffix;

    /// <summary>The most messages one peek or receive returns (Queue storage's limit).</summary>
    private const int MaxBatchSize = 32;

    /// <summary>How long a received poison message stays hidden while it is copied to <c>deliver</c>.</summary>
    private static readonly TimeSpan MoveLease = TimeSpan.FromSeconds(30);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<Ok<PoisonQueueView>> ListAsync(StorageConnection connection, CancellationToken cancellationToken)
    {
        var poison = RawQueues(connection).GetQueueClient(QueueName);
        PeekedMessage[] peeked = (await poison.PeekMessagesAsync(MaxBatchSize, cancellationToken)).Value;
        return TypedResults.Ok(new PoisonQueueView(QueueName, [.. peeked.Select(m => new PoisonMessage(
            m.MessageId, m.InsertedOn is { } at ? VietnamTime.Of(at) : null, m.DequeueCount, Decode(m.Body)))]));
    }

    public static async Task<Ok<PoisonRequeued>> RequeueAsync(StorageConnection connection, CancellationToken cancellationToken)
    {
        var queues = RawQueues(connection);
        var poison = queues.GetQueueClient(QueueName);
        var deliver = queues.GetQueueClient(StorageNames.DeliverQueue);
        // Only as many as were here when ops asked: a message that fails again comes back, and must not go round forever.
        var left = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        var moved = 0;
        while (left > 0)
        {
            QueueMessage[] batch = (await poison.ReceiveMessagesAsync(Math.Min(left, MaxBatchSize), MoveLease, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            await Task.WhenAll(batch.Select(async message =>
            {
                await deliver.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                // Once sent it must leave the poison queue, even if the caller has gone: a copy in both would run twice.
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            }));
            moved += batch.Length;
            left -= batch.Length;
        }

        return TypedResults.Ok(new PoisonRequeued(moved));
    }

    /// <summary>Reads and writes bodies as stored, so undecodable messages can be shown and moved too.</summary>
    private static QueueServiceClient RawQueues(StorageConnection connection) =>
        connection.Queues(StorageAccount.WithRetry(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));

    /// <summary>
    /// The JSON the app wrote, when the stored text is base64 of UTF-8 (host.json's default encoding); otherwise the
    /// text as stored (an undecodable body, or an app configured with messageEncoding none).
    /// </summary>
    private static string Decode(BinaryData stored)
    {
        var text = stored.ToString();
        var bytes = new byte[text.Length * 3 / 4];
        if (!Convert.TryFromBase64String(text, bytes, out var length))
        {
            return text;
        }

        try
        {
            return StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }
}

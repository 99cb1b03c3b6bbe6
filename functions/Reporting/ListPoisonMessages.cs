// GET /api/ops/poison: the `deliver` messages that failed maxDequeueCount times, as stored.
using System.Text;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using MotCua.Storage;
using MotCua.Vietnam;

namespace MotCua.Reporting;

internal sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Body);

internal sealed record PoisonQueueView(string Queue, IReadOnlyList<PoisonMessage> Items);

internal sealed class ListPoisonMessages(StorageConnection connection)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Function(nameof(ListPoisonMessages))]
    public async Task<Ok<PoisonQueueView>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops/poison")] HttpRequest request, CancellationToken cancellationToken)
    {
        var poison = PoisonMessages.RawQueues(connection).GetQueueClient(PoisonMessages.QueueName);
        PeekedMessage[] peeked = (await poison.PeekMessagesAsync(PoisonMessages.MaxBatchSize, cancellationToken)).Value;
        return TypedResults.Ok(new PoisonQueueView(PoisonMessages.QueueName, [.. peeked.Select(m => new PoisonMessage(
            m.MessageId, m.InsertedOn is { } at ? VietnamTime.Of(at) : null, m.DequeueCount, Decode(m.Body)))]));
    }

    /// <summary>
    /// The JSON the app wrote, when the stored text is base64 of UTF-8 (host.json's default encoding); otherwise the
    /// text as stored (an undecodable body, or an app configured with messageEncoding none).
    /// </summary>
    internal static string Decode(BinaryData stored)
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

// The storage clients every feature shares, built once from AzureWebJobsStorage (see StorageConnection).
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MotCua.Hosting;

namespace MotCua.Storage;

public static class StorageAccount
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => StorageConnection.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().Tables(WithRetry(new TableClientOptions())));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().Blobs(WithRetry(new BlobClientOptions())));
        services.TryAddSingleton(sp =>
        {
            var options = WithRetry(new QueueClientOptions { MessageEncoding = MessageEncoding(sp.GetRequiredService<IConfiguration>()) });
            options.MessageDecodingFailed += MoveUndecodableToPoisonAsync;
            return sp.GetRequiredService<StorageConnection>().Queues(options);
        });
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>
    /// Fail fast when storage is down: a citizen gets a 503 in seconds rather than a request that hangs through the
    /// SDK's default back-off, and queue work is retried by the queue anyway.
    /// </summary>
    internal static T WithRetry<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    /// <summary>
    /// A message that is not valid base64 would fail every receive of its queue; the host moves it to
    /// <c>&lt;queue&gt;-poison</c> as it is, and so do we.
    /// </summary>
    private static async Task MoveUndecodableToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message || args.Queue.Name.EndsWith(QueueListener.PoisonSuffix, StringComparison.Ordinal))
        {
            return;
        }

        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(args.Queue.Name + QueueListener.PoisonSuffix);
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
    }

    /// <summary>host.json <c>extensions.queues.messageEncoding</c>: base64 (the default) or none.</summary>
    private static QueueMessageEncoding MessageEncoding(IConfiguration configuration) =>
        string.Equals(configuration["AzureFunctionsJobHost:extensions:queues:messageEncoding"], "none", StringComparison.OrdinalIgnoreCase)
            ? QueueMessageEncoding.None
            : QueueMessageEncoding.Base64;
}

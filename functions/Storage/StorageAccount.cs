// The storage clients every feature shares, built once from AzureWebJobsStorage (see StorageConnection).
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MotCua.Storage;

public static class StorageAccount
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => StorageConnection.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().Tables(WithRetry(new TableClientOptions())));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().Blobs(WithRetry(new BlobClientOptions())));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().Queues(
            WithRetry(new QueueClientOptions { MessageEncoding = MessageEncoding(sp.GetRequiredService<IConfiguration>()) })));
        services.AddSingleton<Counters>();
        services.AddSingleton<Indexes>();
        services.AddSingleton<AttachmentLinks>();
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
    /// How messages the app sends are encoded: as host.json <c>extensions.queues.messageEncoding</c> says the host reads them,
    /// base64 (the default) unless the setting <c>AzureFunctionsJobHost__extensions__queues__messageEncoding</c> says none.
    /// </summary>
    private static QueueMessageEncoding MessageEncoding(IConfiguration configuration) =>
        string.Equals(configuration["AzureFunctionsJobHost:extensions:queues:messageEncoding"], "none", StringComparison.OrdinalIgnoreCase)
            ? QueueMessageEncoding.None
            : QueueMessageEncoding.Base64;
}

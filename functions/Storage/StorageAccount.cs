// The storage clients every feature shares, built once from AzureWebJobsStorage.
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
        services.TryAddSingleton(sp => new TableServiceClient(ConnectionString(sp), WithRetry(new TableClientOptions())));
        services.TryAddSingleton(sp => new BlobServiceClient(ConnectionString(sp), WithRetry(new BlobClientOptions())));
        services.TryAddSingleton(sp => new QueueServiceClient(ConnectionString(sp), WithRetry(new QueueClientOptions
        {
            MessageEncoding = MessageEncoding(sp.GetRequiredService<IConfiguration>()),
        })));
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>
    /// Fail fast when storage is down: a citizen gets a 503 in seconds rather than a request that hangs through the
    /// SDK's default back-off, and queue work is retried by the queue anyway.
    /// </summary>
    private static T WithRetry<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    private static string ConnectionString(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()[ConnectionSetting] is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException($"Set {ConnectionSetting} (UseDevelopmentStorage=true for Azurite).");

    /// <summary>host.json <c>extensions.queues.messageEncoding</c>: base64 (the default) or none.</summary>
    private static QueueMessageEncoding MessageEncoding(IConfiguration configuration) =>
        string.Equals(configuration["AzureFunctionsJobHost:extensions:queues:messageEncoding"], "none", StringComparison.OrdinalIgnoreCase)
            ? QueueMessageEncoding.None
            : QueueMessageEncoding.Base64;
}

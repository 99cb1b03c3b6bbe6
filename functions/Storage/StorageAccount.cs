// The storage clients every feature shares, built once from AzureWebJobsStorage.
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
        services.TryAddSingleton(sp => new TableServiceClient(ConnectionString(sp)));
        services.TryAddSingleton(sp => new BlobServiceClient(ConnectionString(sp)));
        services.TryAddSingleton(sp => new QueueServiceClient(ConnectionString(sp), new QueueClientOptions
        {
            MessageEncoding = MessageEncoding(sp.GetRequiredService<IConfiguration>()),
        }));
        return services;
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

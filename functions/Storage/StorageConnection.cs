// How the app reaches its storage account, read the way the Functions host reads AzureWebJobsStorage: a connection
// string locally (Azurite), or in Azure an identity-based connection (AzureWebJobsStorage__accountName) with no key.
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace MotCua.Storage;

internal sealed class StorageConnection
{
    private StorageConnection(string? connectionString, string? accountName, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        AccountName = accountName;
        Credential = credential;
    }

    /// <summary>Set when the account is reached with a connection string; otherwise the identity fields are.</summary>
    public string? ConnectionString { get; }

    public string? AccountName { get; }

    public TokenCredential? Credential { get; }

    /// <exception cref="InvalidOperationException">Neither a connection string nor an account name is set, or the connection string is not one.</exception>
    public static StorageConnection From(IConfiguration configuration)
    {
        if (configuration[StorageAccount.ConnectionSetting] is { Length: > 0 } connectionString)
        {
            return new StorageConnection(Checked(connectionString), null, null);
        }

        var identity = configuration.GetSection(StorageAccount.ConnectionSetting);
        if (identity["accountName"] is not { Length: > 0 } accountName)
        {
            throw new InvalidOperationException(
                $"Set {StorageAccount.ConnectionSetting} (UseDevelopmentStorage=true for Azurite) or {StorageAccount.ConnectionSetting}__accountName.");
        }

        // As the host does: "managedidentity" means the app's managed identity (a user-assigned one when clientId is
        // set); without it, whatever identity the environment offers, such as a developer's az login.
        TokenCredential credential = string.Equals(identity["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(identity["clientId"] is { Length: > 0 } clientId
                ? ManagedIdentityId.FromUserAssignedClientId(clientId)
                : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        return new StorageConnection(null, accountName, credential);
    }

    public TableServiceClient Tables(TableClientOptions options) =>
        ConnectionString is { } connectionString ? new(connectionString, options) : new(ServiceUri("table"), Credential, options);

    public BlobServiceClient Blobs(BlobClientOptions options) =>
        ConnectionString is { } connectionString ? new(connectionString, options) : new(ServiceUri("blob"), Credential, options);

    public QueueServiceClient Queues(QueueClientOptions options) =>
        ConnectionString is { } connectionString ? new(connectionString, options) : new(ServiceUri("queue"), Credential, options);

    /// <summary>The public-cloud endpoint of one service (blob, queue, table) of the account.</summary>
    public Uri ServiceUri(string service) => new($"https://{AccountName}.{service}.core.windows.net");

    /// <summary>The SDK's own parser, which makes no request, with the setting named in what it refuses.</summary>
    private static string Checked(string connectionString)
    {
        try
        {
            _ = new QueueServiceClient(connectionString);
            return connectionString;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{StorageAccount.ConnectionSetting} is not a storage connection string ({ex.Message}); locally it is UseDevelopmentStorage=true.", ex);
        }
    }
}

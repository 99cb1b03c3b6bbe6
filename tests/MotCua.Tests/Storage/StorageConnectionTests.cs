using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Storage;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Storage;

public sealed class StorageConnectionTests
{
    [Fact]
    public void An_account_name_connects_every_client_to_that_account_with_the_managed_identity()
    {
        using var services = Services(new()
        {
            ["AzureWebJobsStorage:accountName"] = "motcuaprod",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        });

        Assert.IsType<ManagedIdentityCredential>(services.GetRequiredService<StorageConnection>().Credential);
        Assert.Equal(new Uri("https://motcuaprod.table.core.windows.net"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://motcuaprod.blob.core.windows.net"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://motcuaprod.queue.core.windows.net"), services.GetRequiredService<QueueServiceClient>().Uri);
    }

    [Fact]
    public void A_connection_string_is_used_as_it_is()
    {
        using var services = Services(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Null(services.GetRequiredService<StorageConnection>().Credential);
        Assert.Equal("devstoreaccount1", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal("devstoreaccount1", services.GetRequiredService<QueueServiceClient>().AccountName);
    }

    [Fact]
    public void Without_either_setting_the_app_says_which_to_set()
    {
        using var services = Services([]);

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<BlobServiceClient>());
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_creates_the_tables_queues_and_containers_the_app_uses()
    {
        var names = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "infra", "storage-names.json")))!;

        Assert.Equal(StorageNames.Tables, names["tables"]!.AsArray().Select(name => (string)name!));
        Assert.Equal(StorageNames.Queues, names["queues"]!.AsArray().Select(name => (string)name!));
        Assert.Equal(StorageNames.Containers, names["containers"]!.AsArray().Select(name => (string)name!));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddStorage()
        .BuildServiceProvider();
}

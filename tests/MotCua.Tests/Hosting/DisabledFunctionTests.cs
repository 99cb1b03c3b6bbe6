using System.Net;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

/// <summary>The host's <c>AzureWebJobs.&lt;name&gt;.Disabled</c> setting, in both spellings.</summary>
public sealed class DisabledFunctionTests(Azurite azurite) : IClassFixture<Azurite>
{
    [Fact]
    public async Task A_disabled_queue_function_leaves_its_messages_while_an_enabled_one_runs()
    {
        var (enabledQueue, disabledQueue) = ($"enabled-{Guid.NewGuid():N}", $"disabled-{Guid.NewGuid():N}");
        var recorder = new QueueRecorder();
        var functions = new FunctionRegistry()
            .AddQueue<RecordPing, Ping>("Enabled", enabledQueue)
            .AddQueue<RecordPing, Ping>("Disabled", disabledQueue);
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queues.GetQueueClient(disabledQueue).CreateAsync();
        await queues.GetQueueClient(disabledQueue).SendMessageAsync(QueueMessageBody.Serialize(new Ping("không chạy", 1)));
        await using var app = await FunctionApp.StartAsync(azurite, functions,
            new Dictionary<string, string?> { ["AzureWebJobs:Disabled:Disabled"] = "true" },
            builder => builder.Services.AddSingleton(recorder));
        await queues.GetQueueClient(enabledQueue).CreateIfNotExistsAsync();
        await queues.GetQueueClient(enabledQueue).SendMessageAsync(QueueMessageBody.Serialize(new Ping("chạy", 2)));

        Assert.Equal("chạy", (await recorder.NextAsync()).Message.Text);
        // The enabled listener has polled several times by now; the disabled queue was never read.
        await Task.Delay(500);
        Assert.Equal(1, recorder.Count);
        var waiting = (await queues.GetQueueClient(disabledQueue).PeekMessagesAsync(1)).Value;
        Assert.Single(waiting);
    }

    [Fact]
    public async Task A_disabled_http_function_is_not_served()
    {
        await using var app = await FunctionApp.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["AzureWebJobs.ListAgencies.Disabled"] = "true" });

        using var agencies = await app.Client.GetAsync("/api/agencies");
        using var procedures = await app.Client.GetAsync("/api/procedures");

        Assert.Equal(HttpStatusCode.NotFound, agencies.StatusCode);
        Assert.Equal(HttpStatusCode.OK, procedures.StatusCode);
    }
}

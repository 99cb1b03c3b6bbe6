using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MotCua.Hosting;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.Hosting;

public sealed class QueueListenerTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static readonly Ping Hello = new("xin chào", 7);

    [Fact]
    public async Task Typed_message_is_delivered_with_its_metadata_and_then_deleted()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        var sent = (await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello))).Value;
        var recorder = new QueueRecorder();
        await using var app = await StartAsync(queue.Name, recorder);

        var delivery = await recorder.NextAsync();

        Assert.Equal(Hello, delivery.Message);
        Assert.Equal(sent.MessageId, delivery.Info.Id);
        Assert.Equal(1, delivery.Info.DequeueCount);
        Assert.Equal(sent.InsertionTime, delivery.Info.InsertionTime);
        Assert.Equal(sent.ExpirationTime, delivery.Info.ExpirationTime);
        Assert.True(delivery.Info.NextVisibleTime > sent.InsertionTime);
        await AssertEmptiedAsync(queue);
    }

    [Theory]
    [InlineData("base64")]
    [InlineData("none")]
    public async Task Message_encoding_decides_the_wire_format_read_and_written_to_poison(string encoding)
    {
        var json = QueueMessageBody.Serialize(Hello);
        var wire = encoding == "base64" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) : json;
        var queue = await CreateQueueAsync(QueueMessageEncoding.None);
        await queue.SendMessageAsync(wire);
        var recorder = new QueueRecorder((_, _) => throw new InvalidOperationException("always fails"));
        await using var app = await StartAsync(queue.Name, recorder,
            (Queues("messageEncoding"), encoding), (Queues("maxDequeueCount"), "1"));

        var delivery = await recorder.NextAsync();
        var poisoned = await PeekEventuallyAsync(RawClient(queue.Name + QueueListener.PoisonSuffix, QueueMessageEncoding.None));

        Assert.Equal(Hello, delivery.Message);
        Assert.Equal(wire, poisoned);
        await AssertEmptiedAsync(queue);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    public async Task Batch_size_and_new_batch_threshold_bound_the_handlers_running_at_once(int batchSize, int newBatchThreshold)
    {
        const int messages = 8;
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        for (var i = 0; i < messages; i++)
        {
            await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello with { Number = i }));
        }

        var recorder = new QueueRecorder((_, ct) => Task.Delay(200, ct));
        await using var app = await StartAsync(queue.Name, recorder,
            (Queues("batchSize"), $"{batchSize}"), (Queues("newBatchThreshold"), $"{newBatchThreshold}"));

        var numbers = new HashSet<int>();
        for (var i = 0; i < messages; i++)
        {
            numbers.Add((await recorder.NextAsync()).Message.Number);
        }

        await AssertEmptiedAsync(queue);
        Assert.Equal(messages, numbers.Count);
        // The host's documented limit: a new batch of batchSize is fetched once only newBatchThreshold are still running.
        Assert.InRange(recorder.MaxConcurrent, 2, batchSize + newBatchThreshold);
    }

    [Fact]
    public async Task Failed_message_is_retried_after_the_visibility_timeout_and_then_succeeds()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello));
        var recorder = new QueueRecorder((delivery, _) =>
            delivery.Info.DequeueCount == 1 ? throw new InvalidOperationException("first attempt fails") : Task.CompletedTask);
        await using var app = await StartAsync(queue.Name, recorder,
            (Queues("visibilityTimeout"), "00:00:01"), (Queues("maxPollingInterval"), "00:00:00.500"));

        var first = await recorder.NextAsync();
        var second = await recorder.NextAsync();

        Assert.Equal(first.Info.Id, second.Info.Id);
        Assert.Equal(2, second.Info.DequeueCount);
        Assert.True(TimeProvider.System.GetElapsedTime(first.Timestamp, second.Timestamp) >= TimeSpan.FromMilliseconds(900),
            "the retry came before visibilityTimeout had passed");
        await AssertEmptiedAsync(queue);
    }

    [Fact]
    public async Task After_max_dequeue_count_failures_the_message_moves_to_the_poison_queue()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        var json = QueueMessageBody.Serialize(Hello);
        await queue.SendMessageAsync(json);
        var recorder = new QueueRecorder((_, _) => throw new InvalidOperationException("always fails"));
        await using var app = await StartAsync(queue.Name, recorder,
            (Queues("maxDequeueCount"), "3"), (Queues("visibilityTimeout"), "00:00:00"));

        var attempts = new[] { await recorder.NextAsync(), await recorder.NextAsync(), await recorder.NextAsync() };
        var poisoned = await PeekEventuallyAsync(RawClient(queue.Name + QueueListener.PoisonSuffix, QueueMessageEncoding.Base64));

        Assert.Equal(new long[] { 1, 2, 3 }, attempts.Select(a => a.Info.DequeueCount));
        Assert.Equal(json, poisoned);
        await AssertEmptiedAsync(queue);
        Assert.Equal(3, recorder.Count);
    }

    [Fact]
    public async Task Invisibility_is_renewed_while_a_long_handler_runs()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello));
        var handlerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new QueueRecorder(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(4), ct);
            handlerDone.SetResult();
        });
        await using var app = await StartAsync(queue.Name, recorder,
            ("LocalRuntime:MessageLease", "00:00:02"), (Queues("maxPollingInterval"), "00:00:00.500"));

        var delivery = await recorder.NextAsync();
        while (!handlerDone.Task.IsCompleted)
        {
            // Without renewal the message would be visible again two seconds into the handler.
            var stolen = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value;
            Assert.Empty(stolen);
            await Task.WhenAny(handlerDone.Task, Task.Delay(200));
        }

        await AssertEmptiedAsync(queue);
        Assert.Equal(1, delivery.Info.DequeueCount);
        Assert.Equal(1, recorder.Count);
    }

    [Fact]
    public async Task An_idle_listener_backs_off_no_further_than_max_polling_interval()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        var recorder = new QueueRecorder();
        await using var app = await StartAsync(queue.Name, recorder, (Queues("maxPollingInterval"), "00:00:01"));
        // Long enough idle for an uncapped back-off (0.2, 0.3, 0.5, 0.9, 1.7, 3.3 s…) to be waiting far beyond one second.
        await Task.Delay(TimeSpan.FromSeconds(4));

        var sentAt = TimeProvider.System.GetTimestamp();
        await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello));
        var delivery = await recorder.NextAsync();

        Assert.InRange(TimeProvider.System.GetElapsedTime(sentAt, delivery.Timestamp), TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Stopping_lets_a_running_handler_finish_and_deletes_its_message()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello));
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new QueueRecorder(async (_, _) =>
        {
            // Ignores the token on purpose: a handler that does not cooperate still gets to finish.
            await Task.Delay(500, CancellationToken.None);
            finished.SetResult();
        });
        var app = await StartAsync(queue.Name, recorder);
        await recorder.NextAsync();

        await app.DisposeAsync();

        Assert.True(finished.Task.IsCompleted);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Stopping_cancels_a_cooperative_handler_and_its_message_is_visible_again_at_once()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.Base64);
        await queue.SendMessageAsync(QueueMessageBody.Serialize(Hello));
        var recorder = new QueueRecorder((_, ct) => Task.Delay(Timeout.Infinite, ct));
        var app = await StartAsync(queue.Name, recorder);
        var delivery = await recorder.NextAsync();

        await app.DisposeAsync();

        // The default lease is ten minutes: receiving it now proves the listener released it.
        var again = Assert.Single((await queue.ReceiveMessagesAsync(1)).Value);
        Assert.Equal(delivery.Info.Id, again.MessageId);
        Assert.Equal(Hello, QueueMessageBody.Deserialize<Ping>(again.Body.ToString()));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_moves_to_poison_as_it_is_and_does_not_block_the_queue()
    {
        var queue = await CreateQueueAsync(QueueMessageEncoding.None);
        await queue.SendMessageAsync("{not base64 at all}");
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(QueueMessageBody.Serialize(Hello))));
        var recorder = new QueueRecorder();
        await using var app = await StartAsync(queue.Name, recorder);

        var delivery = await recorder.NextAsync();
        var poisoned = await PeekEventuallyAsync(RawClient(queue.Name + QueueListener.PoisonSuffix, QueueMessageEncoding.Base64));

        Assert.Equal(Hello, delivery.Message);
        Assert.Equal("{not base64 at all}", poisoned);
        await AssertEmptiedAsync(queue);
    }

    private static string Queues(string setting) => $"{FunctionsSettings.HostSection}:extensions:queues:{setting}";

    private QueueClient RawClient(string name, QueueMessageEncoding encoding) =>
        new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = encoding });

    private async Task<QueueClient> CreateQueueAsync(QueueMessageEncoding encoding)
    {
        var queue = RawClient($"listener-{Guid.NewGuid():N}", encoding);
        await queue.CreateAsync();
        return queue;
    }

    private Task<FunctionApp> StartAsync(string queueName, QueueRecorder recorder, params (string Key, string Value)[] settings)
    {
        var functions = new FunctionRegistry().AddQueue<RecordPing, Ping>(nameof(RecordPing), queueName);
        return FunctionApp.StartAsync(azurite, functions,
            settings.ToDictionary(s => s.Key, s => (string?)s.Value),
            builder => builder.Services.AddSingleton(recorder));
    }

    /// <summary>Waits until the queue holds no message at all, visible or not.</summary>
    private static async Task AssertEmptiedAsync(QueueClient queue)
    {
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 10;
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"queue {queue.Name} still holds messages");
            await Task.Delay(50);
        }
    }

    private static async Task<string> PeekEventuallyAsync(QueueClient queue)
    {
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 10;
        while (true)
        {
            if ((await queue.PeekMessagesAsync(1)).Value is [var message])
            {
                return message.Body.ToString();
            }

            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"nothing arrived on {queue.Name}");
            await Task.Delay(50);
        }
    }
}

// Queue triggers as the DevHost runs them on the WebJobs SDK, with host.json's extensions.queues settings.
using System.Text;
using Azure.Storage.Queues;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.DevHost;

public sealed class QueueTriggerTests(Azurite azurite) : IClassFixture<Azurite>
{
    private static string Queues(string setting) => $"AzureFunctionsJobHost:extensions:queues:{setting}";

    [Fact]
    public async Task A_message_is_handed_over_with_its_id_and_dequeue_count_and_then_deleted()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite);
        var sent = (await app.PingQueue.SendMessageAsync("xin chào")).Value;

        var run = await WaitForRunsAsync(app, 1);

        Assert.Equal(("xin chào", 1L, sent.MessageId), (run[0].Message, run[0].DequeueCount, run[0].Id));
        await AssertEmptiedAsync(app.PingQueue);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    public async Task Batch_size_and_new_batch_threshold_bound_the_invocations_running_at_once(int batchSize, int newBatchThreshold)
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            [Queues("batchSize")] = $"{batchSize}",
            [Queues("newBatchThreshold")] = $"{newBatchThreshold}",
        });
        app.Probe.PingDuration = TimeSpan.FromMilliseconds(300);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.PingQueue.SendMessageAsync($"{i}")));

        await WaitForRunsAsync(app, 8);

        Assert.InRange(app.Probe.MostRunning, 2, batchSize + newBatchThreshold);
    }

    [Fact]
    public async Task A_failed_message_is_retried_after_the_visibility_timeout_and_then_succeeds()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?> { [Queues("visibilityTimeout")] = "00:00:01" });
        await app.FlakyQueue.SendMessageAsync("2");

        var runs = await WaitForRunsAsync(app, 2);

        Assert.Equal([1L, 2L], runs.Select(r => r.DequeueCount));
        Assert.True(runs[1].At - runs[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {runs[1].At - runs[0].At}");
        await AssertEmptiedAsync(app.FlakyQueue);
    }

    [Fact]
    public async Task After_max_dequeue_count_failures_the_message_moves_to_the_poison_queue()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?>
        {
            [Queues("maxDequeueCount")] = "3",
            [Queues("visibilityTimeout")] = "00:00:00",
        });
        await app.FlakyQueue.SendMessageAsync("99");

        var poisoned = await PeekEventuallyAsync(app.Queue(app.FlakyQueue.Name + "-poison"));

        Assert.Equal("99", poisoned);
        Assert.Equal([1L, 2L, 3L], app.Probe.QueueRuns.Select(r => r.DequeueCount));
        await AssertEmptiedAsync(app.FlakyQueue);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_moves_to_poison_and_does_not_block_the_queue()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite);
        var raw = app.Queue(app.PingQueue.Name, QueueMessageEncoding.None);
        await raw.SendMessageAsync("{not base64 at all}");
        await raw.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("chào")));

        var runs = await WaitForRunsAsync(app, 1);
        var poisoned = await PeekEventuallyAsync(app.Queue(app.PingQueue.Name + "-poison", QueueMessageEncoding.None));

        Assert.Equal("chào", runs[0].Message);
        Assert.Equal("{not base64 at all}", poisoned);
        await AssertEmptiedAsync(app.PingQueue);
    }

    [Fact]
    public async Task An_idle_listener_backs_off_no_further_than_max_polling_interval()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?> { [Queues("maxPollingInterval")] = "00:00:01" });
        // Long enough idle for an uncapped back-off to be waiting far beyond one second.
        await Task.Delay(TimeSpan.FromSeconds(4));

        var sentAt = DateTimeOffset.UtcNow;
        await app.PingQueue.SendMessageAsync("ping");
        var runs = await WaitForRunsAsync(app, 1);

        Assert.InRange(runs[0].At - sentAt, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task A_disabled_queue_function_leaves_its_messages_while_an_enabled_one_runs()
    {
        await using var app = await TestWorkerApp.StartAsync(azurite, new Dictionary<string, string?> { ["AzureWebJobs.FailUntil.Disabled"] = "true" });
        await app.FlakyQueue.SendMessageAsync("1");
        await app.PingQueue.SendMessageAsync("ping");

        await WaitForRunsAsync(app, 1);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal("RecordPing", Assert.Single(app.Probe.QueueRuns).Function);
        Assert.Equal(1, (await app.FlakyQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static async Task<IReadOnlyList<TestWorker.QueueRun>> WaitForRunsAsync(TestWorkerApp app, int count)
    {
        await Poll.UntilAsync(() => app.Probe.QueueRuns.Count >= count, TimeSpan.FromSeconds(20),
            () => $"{app.Probe.QueueRuns.Count} of {count} queue runs");
        return app.Probe.QueueRuns;
    }

    /// <summary>Waits until the queue holds no message at all, visible or not.</summary>
    private static Task AssertEmptiedAsync(QueueClient queue) =>
        Poll.UntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(10),
            () => $"queue {queue.Name} still holds messages", TimeSpan.FromMilliseconds(50));

    private static async Task<string> PeekEventuallyAsync(QueueClient queue)
    {
        var peeked = await Poll.UntilAsync(async () => await queue.ExistsAsync() ? (await queue.PeekMessagesAsync(1)).Value : [],
            messages => messages.Length > 0, TimeSpan.FromSeconds(20), _ => $"nothing arrived on {queue.Name}", TimeSpan.FromMilliseconds(50));
        return peeked[0].Body.ToString();
    }
}

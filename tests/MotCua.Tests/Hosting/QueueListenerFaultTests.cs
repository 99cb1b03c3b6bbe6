// The listener against a mocked QueueClient: failures storage rarely produces on demand.
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using MotCua.Hosting;

namespace MotCua.Tests.Hosting;

public sealed class QueueListenerFaultTests
{
    private const string QueueName = "orders";
    private static readonly BinaryData Body = BinaryData.FromString(QueueMessageBody.Serialize(new Ping("xin chào", 1)));

    private readonly Mock<QueueClient> _queue = new();
    private readonly Mock<QueueClient> _poison = new();
    private readonly Mock<QueueServiceClient> _service = new();
    private readonly FakeTimeProvider _time = new();
    private readonly SharedQueueWatcher _watcher = new();
    private readonly QueueRecorder _recorder = new();
    private readonly TaskCompletionSource _deleted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public QueueListenerFaultTests()
    {
        _queue.SetupGet(q => q.Name).Returns(QueueName);
        _poison.SetupGet(q => q.Name).Returns(QueueName + QueueListener.PoisonSuffix);
        _service.Setup(s => s.GetQueueClient(QueueName)).Returns(_queue.Object);
        _service.Setup(s => s.GetQueueClient(QueueName + QueueListener.PoisonSuffix)).Returns(_poison.Object);
        _queue.Setup(q => q.DeleteMessageAsync("id-1", "receipt-1", It.IsAny<CancellationToken>()))
            .Callback(() => _deleted.TrySetResult())
            .ReturnsAsync(Mock.Of<Response>());
    }

    [Fact]
    public async Task Storage_outage_on_create_and_receive_is_survived_and_polling_goes_on()
    {
        _queue.SetupSequence(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(0, "Connection refused"))
            .ReturnsAsync(Mock.Of<Response>());
        var receives = 0;
        _queue.Setup(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Returns(() => Interlocked.Increment(ref receives) switch
            {
                1 => Task.FromException<Response<QueueMessage[]>>(new RequestFailedException(503, "Service Unavailable")),
                // What Azure.Core throws once its own retries are spent.
                2 => Task.FromException<Response<QueueMessage[]>>(new AggregateException(new RequestFailedException(503, "Service Unavailable"))),
                3 => Task.FromResult(Batch(Message(dequeueCount: 1))),
                _ => Task.FromResult(Batch()),
            });
        var listeners = Listeners(new QueuesOptions { MaxPollingInterval = TimeSpan.FromSeconds(1) });

        await listeners.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(_deleted.Task);
        var delivery = await _recorder.NextAsync();
        await listeners.StopAsync(CancellationToken.None);

        Assert.Equal("xin chào", delivery.Message.Text);
        Assert.True(Volatile.Read(ref receives) >= 3);
        _queue.Verify(q => q.CreateIfNotExistsAsync(It.IsAny<IDictionary<string, string>>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_queue_the_app_just_wrote_to_is_polled_at_once_instead_of_after_its_back_off()
    {
        var receives = 0;
        _queue.Setup(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref receives);
                return Task.FromResult(Batch());
            });
        var listeners = Listeners(new QueuesOptions { MaxPollingInterval = TimeSpan.FromMinutes(1) });

        await listeners.StartAsync(CancellationToken.None);
        await PollUntilAsync(() => Volatile.Read(ref receives) == 1);
        // The fake clock stands still, so without a notification the listener sleeps for good.
        await Task.Delay(300);
        var beforeNotify = Volatile.Read(ref receives);
        _watcher.Notify(QueueName);
        await PollUntilAsync(() => Volatile.Read(ref receives) == 2);
        await listeners.StopAsync(CancellationToken.None);

        Assert.Equal(1, beforeNotify);
    }

    [Fact]
    public async Task Message_already_past_max_dequeue_count_goes_to_poison_without_running()
    {
        _queue.SetupSequence(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Batch(Message(dequeueCount: 6)))
            .ReturnsAsync(Batch());
        BinaryData? poisoned = null;
        _poison.Setup(q => q.SendMessageAsync(It.IsAny<BinaryData>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Callback((BinaryData body, TimeSpan? _, TimeSpan? _, CancellationToken _) => poisoned = body)
            .ReturnsAsync(Response.FromValue(QueuesModelFactory.SendReceipt("p-1", default, default, "p-receipt", default), Mock.Of<Response>()));
        var listeners = Listeners(new QueuesOptions { MaxDequeueCount = 5 });

        await listeners.StartAsync(CancellationToken.None);
        await _deleted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await listeners.StopAsync(CancellationToken.None);

        Assert.Equal(Body.ToString(), poisoned?.ToString());
        Assert.Equal(0, _recorder.Count);
    }

    private QueueListeners Listeners(QueuesOptions options)
    {
        var functions = new FunctionRegistry().AddQueue<RecordPing, Ping>(nameof(RecordPing), QueueName);
        var services = new ServiceCollection().AddSingleton(_recorder).BuildServiceProvider();
        var invoker = new FunctionInvoker(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<FunctionInvoker>.Instance);
        return new QueueListeners(functions, _service.Object, invoker, _watcher, new ConfigurationBuilder().Build(), Options.Create(options), Options.Create(new LocalRuntimeOptions()),
            _time, NullLogger<QueueListeners>.Instance);
    }

    /// <summary>Moves the fake clock on, so back-off delays pass, until the awaited work is done.</summary>
    private async Task AdvanceUntilAsync(Task done)
    {
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 10;
        while (!done.IsCompleted)
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "the listener stopped polling");
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(done, Task.Delay(10));
        }
    }

    private static async Task PollUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + TimeProvider.System.TimestampFrequency * 10;
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetTimestamp() < deadline, "the condition never held");
            await Task.Delay(10);
        }
    }

    private static QueueMessage Message(long dequeueCount) =>
        QueuesModelFactory.QueueMessage("id-1", "receipt-1", Body, dequeueCount, null, null, null);

    private static Response<QueueMessage[]> Batch(params QueueMessage[] messages) => Response.FromValue(messages, Mock.Of<Response>());
}

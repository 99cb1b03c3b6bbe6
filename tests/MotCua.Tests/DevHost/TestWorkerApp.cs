// The DevHost with the test worker (tests/MotCua.TestWorker) in the test process, whose functions record what they were
// handed in a Probe, on an Azurite of its own.
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using MotCua.TestWorker;
using MotCua.Tests.Infrastructure;

namespace MotCua.Tests.DevHost;

public sealed class TestWorkerApp : IAsyncDisposable
{
    public static WorkerApp Worker { get; } = new(typeof(MotCua.TestWorker.Program).Assembly, MotCua.TestWorker.Program.CreateBuilder);

    private TestWorkerApp(FunctionApp app, Probe probe, Azurite azurite, IReadOnlyDictionary<string, string?> settings)
    {
        App = app;
        Probe = probe;
        Azurite = azurite;
        PingQueue = Queue(settings["PingQueue"]!);
        FlakyQueue = Queue(settings["FlakyQueue"]!);
    }

    public FunctionApp App { get; }

    public Probe Probe { get; }

    public Azurite Azurite { get; }

    public HttpClient Client => App.Client;

    /// <summary>The queue RecordPing listens to, writing as host.json's messageEncoding (base64) says.</summary>
    public QueueClient PingQueue { get; }

    /// <summary>The queue FailUntil listens to.</summary>
    public QueueClient FlakyQueue { get; }

    /// <summary>Settings for the test worker: queues of its own, a tick a year unless a test asks for more, quick polling.</summary>
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["PingQueue"] = $"pings-{Guid.NewGuid():N}",
            ["FlakyQueue"] = $"flaky-{Guid.NewGuid():N}",
            ["TickSchedule"] = "0 0 0 1 1 *",
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return values;
    }

    public static async Task<TestWorkerApp> StartAsync(Azurite azurite, IDictionary<string, string?>? settings = null, Probe? probe = null)
    {
        probe ??= new Probe();
        var values = Settings(settings);
        var app = await FunctionApp.StartAsync(azurite, values, builder => builder.Services.AddSingleton(probe), Worker);
        var started = new TestWorkerApp(app, probe, azurite, values);
        // The queues exist before a test writes to them, whether a listener created them yet or not (a disabled one never does).
        await started.PingQueue.CreateIfNotExistsAsync();
        await started.FlakyQueue.CreateIfNotExistsAsync();
        return started;
    }

    /// <summary>A client of <paramref name="queue"/>, by default writing as host.json's messageEncoding (base64) says.</summary>
    public QueueClient Queue(string queue, QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        new(Azurite.ConnectionString, queue, new QueueClientOptions { MessageEncoding = encoding });

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

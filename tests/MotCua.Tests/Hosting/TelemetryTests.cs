using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MotCua.Hosting;
using OpenTelemetry.Trace;

namespace MotCua.Tests.Hosting;

public sealed class TelemetryTests
{
    // Each test names its function uniquely: other tests' invocations share the static source and meter.
    private readonly string _name = "Telemetry" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_failing_queue_invocation_is_a_consumer_span_with_an_error_status()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Telemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var function = new QueueFunction(_name, "queue", typeof(string),
            (_, _, _, _) => throw new InvalidOperationException("agency down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Invoker().InvokeQueueAsync(function, "{}", new QueueMessageInfo("m1", 1, null, null, null), CancellationToken.None));

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, activity => activity.DisplayName == _name);
        }

        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("pubsub", span.GetTagItem("faas.trigger"));
    }

    [Fact]
    public async Task A_timer_invocation_records_its_duration_and_outcome()
    {
        var outcomes = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                if (instrument.Meter.Name == Telemetry.Name)
                {
                    meters.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, duration, tags, _) =>
        {
            var values = tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value);
            if (Equals(values["faas.name"], _name) && duration >= 0)
            {
                lock (outcomes) { outcomes.Add((string)values["outcome"]!); }
            }
        });
        listener.Start();
        var function = new TimerFunction(_name, "0 0 * * * *", RunOnStartup: false, (_, _, _) => Task.CompletedTask);

        await Invoker().InvokeTimerAsync(function, new TimerInfo(null, IsPastDue: false), CancellationToken.None);

        lock (outcomes)
        {
            Assert.Equal(["succeeded"], outcomes);
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("InstrumentationKey=00000000-0000-0000-0000-000000000000", null, true)]
    [InlineData(null, "true", true)]
    public void Telemetry_is_collected_only_when_an_exporter_is_asked_for(string? connectionString, string? console, bool collected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [Telemetry.ConnectionStringSetting] = connectionString,
            [Telemetry.ConsoleSetting] = console,
        }).Build();

        var services = new ServiceCollection().AddTelemetry(configuration);

        Assert.Equal(collected, services.Any(service => service.ServiceType == typeof(TracerProvider)));
    }

    private static FunctionInvoker Invoker() =>
        new(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), NullLogger<FunctionInvoker>.Instance);
}

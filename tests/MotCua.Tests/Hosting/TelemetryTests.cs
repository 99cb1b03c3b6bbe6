using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
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
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new InvocationTelemetry().Invoke(Context("queueTrigger"), _ => throw new InvalidOperationException("agency down")));

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
        await new InvocationTelemetry().Invoke(Context("timerTrigger"), _ => Task.CompletedTask);

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

    /// <summary>What the worker tells a middleware about an invocation of this test's function with <paramref name="trigger"/>.</summary>
    private FunctionContext Context(string trigger)
    {
        var binding = Mock.Of<BindingMetadata>(b => b.Type == trigger && b.Name == "message");
        var definition = Mock.Of<FunctionDefinition>(d => d.Name == _name
            && d.InputBindings == ImmutableDictionary<string, BindingMetadata>.Empty.Add("message", binding));
        return Mock.Of<FunctionContext>(c => c.FunctionDefinition == definition && c.InvocationId == "invocation-1");
    }
}

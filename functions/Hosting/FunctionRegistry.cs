// The one place every function is declared: name, trigger and handler. The local runtime, the
// custom-handler endpoints and the function.json writer all read this registry; nothing is discovered.
using System.Text.Json;

namespace MotCua.Hosting;

public enum AuthLevel { Anonymous, Function, Admin }

public abstract record FunctionDefinition(string Name);

public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, AuthLevel AuthLevel, Delegate Handler)
    : FunctionDefinition(Name);

public sealed record QueueFunction(string Name, string QueueName, Type MessageType, QueueInvoker Invoke)
    : FunctionDefinition(Name);

public sealed record TimerFunction(string Name, string Schedule, bool RunOnStartup, TimerInvoker Invoke)
    : FunctionDefinition(Name);

public delegate Task QueueInvoker(IServiceProvider services, string messageText, QueueMessageInfo info, CancellationToken cancellationToken);

public delegate Task TimerInvoker(IServiceProvider services, TimerInfo timer, CancellationToken cancellationToken);

/// <summary>A queue-triggered function: one class per function, resolved from a fresh DI scope per message.</summary>
public interface IQueueFunction<in TMessage>
{
    Task RunAsync(TMessage message, QueueMessageInfo info, CancellationToken cancellationToken);
}

/// <summary>A timer-triggered function, given the schedule information the host passes.</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerInfo timer, CancellationToken cancellationToken);
}

/// <summary>What the host tells a queue function about its message (the trigger metadata).</summary>
public sealed record QueueMessageInfo(string Id, long DequeueCount, DateTimeOffset? InsertionTime, DateTimeOffset? ExpirationTime, DateTimeOffset? NextVisibleTime);

/// <summary>The host's timer payload: <c>{"ScheduleStatus":{Last,Next,LastUpdated},"IsPastDue":bool}</c>.</summary>
public sealed record TimerInfo(ScheduleStatus? ScheduleStatus, bool IsPastDue);

public sealed record ScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

public sealed class FunctionRegistry
{
    private readonly List<FunctionDefinition> _functions = [];

    public IReadOnlyList<FunctionDefinition> Functions => _functions;

    public IEnumerable<HttpFunction> Http => _functions.OfType<HttpFunction>();

    public IEnumerable<QueueFunction> Queues => _functions.OfType<QueueFunction>();

    public IEnumerable<TimerFunction> Timers => _functions.OfType<TimerFunction>();

    /// <summary>Function names are case-insensitive, as in the Functions host.</summary>
    public FunctionDefinition? Find(string name) =>
        _functions.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <param name="route">The route below the <c>api</c> prefix, e.g. <c>procedures/{code}</c>.</param>
    public FunctionRegistry AddHttp(string name, string method, string route, AuthLevel authLevel, Delegate handler) =>
        Add(new HttpFunction(name, [method], route, authLevel, handler));

    public FunctionRegistry AddQueue<TFunction, TMessage>(string name, string queueName)
        where TFunction : class, IQueueFunction<TMessage> =>
        Add(new QueueFunction(name, queueName, typeof(TMessage), (services, text, info, ct) =>
            ActivatorUtilities.GetServiceOrCreateInstance<TFunction>(services)
                .RunAsync(QueueMessageBody.Deserialize<TMessage>(text), info, ct)));

    public FunctionRegistry AddTimer<TFunction>(string name, string schedule, bool runOnStartup = false)
        where TFunction : class, ITimerFunction =>
        Add(new TimerFunction(name, schedule, runOnStartup, (services, timer, ct) =>
            ActivatorUtilities.GetServiceOrCreateInstance<TFunction>(services).RunAsync(timer, ct)));

    private FunctionRegistry Add(FunctionDefinition function)
    {
        if (Find(function.Name) is not null)
        {
            throw new InvalidOperationException($"Function '{function.Name}' is registered twice.");
        }

        _functions.Add(function);
        return this;
    }
}

/// <summary>Queue messages carry JSON; a string-typed function receives the text as it is.</summary>
public static class QueueMessageBody
{
    public static TMessage Deserialize<TMessage>(string text)
    {
        if (typeof(TMessage) == typeof(string))
        {
            return (TMessage)(object)text;
        }

        try
        {
            return JsonSerializer.Deserialize<TMessage>(text, JsonSerializerOptions.Web)
                   ?? throw new InvalidQueueMessageException($"The queue message is not a {typeof(TMessage).Name}.", null);
        }
        catch (JsonException ex)
        {
            throw new InvalidQueueMessageException($"The queue message is not a {typeof(TMessage).Name}: {ex.Message}", ex);
        }
    }

    public static string Serialize<TMessage>(TMessage message) => JsonSerializer.Serialize(message, JsonSerializerOptions.Web);
}

/// <summary>A message whose body does not fit the function's message type; retrying will not help it.</summary>
public sealed class InvalidQueueMessageException(string message, Exception? inner) : Exception(message, inner);

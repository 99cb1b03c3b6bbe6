using MotCua.Storage;

namespace MotCua.Webhooks;

/// <summary>What follows one delivery attempt: the event's new state and, while it is still pending, when to try again.</summary>
internal sealed record DeliveryOutcome(string State, TimeSpan? RetryAfter)
{
    public bool Delivered => State == EventStates.Delivered;

    /// <summary>The retry schedule ran out without a success.</summary>
    public bool Exhausted => State == EventStates.Failed;

    /// <summary>The decision after attempt <paramref name="number"/> (from 1): delivered, retry after the schedule's next delay, or failed.</summary>
    public static DeliveryOutcome After(bool success, int number, RetrySchedule schedule) =>
        success ? new(EventStates.Delivered, null)
        : schedule.NextDelay(number) is { } delay ? new(EventStates.Pending, delay)
        : new(EventStates.Failed, null);
}

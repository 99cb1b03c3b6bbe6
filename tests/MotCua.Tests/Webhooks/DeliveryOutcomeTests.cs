using MotCua.Storage;
using MotCua.Webhooks;

namespace MotCua.Tests.Webhooks;

public sealed class DeliveryOutcomeTests
{
    private static readonly RetrySchedule TwoRetries = RetrySchedule.Parse("00:00:05,00:05:00");

    [Fact]
    public void A_success_is_delivered_whatever_the_attempt()
    {
        foreach (var attempt in new[] { 1, 3, 9 })
        {
            var outcome = DeliveryOutcome.After(success: true, attempt, TwoRetries);
            Assert.Equal(new DeliveryOutcome(EventStates.Delivered, null), outcome);
            Assert.True(outcome.Delivered);
            Assert.False(outcome.Exhausted);
        }
    }

    [Fact]
    public void A_failure_waits_the_schedules_next_delay_and_then_fails_for_good()
    {
        Assert.Equal(new DeliveryOutcome(EventStates.Pending, TimeSpan.FromSeconds(5)), DeliveryOutcome.After(success: false, 1, TwoRetries));
        Assert.Equal(new DeliveryOutcome(EventStates.Pending, TimeSpan.FromMinutes(5)), DeliveryOutcome.After(success: false, 2, TwoRetries));

        var last = DeliveryOutcome.After(success: false, 3, TwoRetries);
        Assert.Equal(new DeliveryOutcome(EventStates.Failed, null), last);
        Assert.True(last.Exhausted);
        Assert.False(last.Delivered);
    }
}

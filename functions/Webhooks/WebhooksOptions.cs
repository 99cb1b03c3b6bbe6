// Section "Webhooks": how long to wait for an agency, how much clock skew to accept, and when to retry.

namespace MotCua.Webhooks;

internal sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Bound from one comma-separated string (<c>Webhooks__RetrySchedule</c>).</summary>
    public RetrySchedule RetrySchedule { get; set; } = RetrySchedule.Default;

    public int TimestampToleranceSeconds { get; set; } = 300;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

namespace MotCua.Webhooks;

/// <summary>Section <c>Outbox</c>: when OutboxSweep steps in for an event whose enqueue was lost.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How long an announced event may wait for its first attempt before the sweep steps in.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);
}

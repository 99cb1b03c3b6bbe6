namespace MotCua.Webhooks;

/// <summary>Section <c>Outbox</c>: when OutboxSweep steps in for an event whose enqueue was lost.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>
    /// The sweep is a safety net measured in minutes: a dossier left unforwarded for a day is an outage to look into, and a
    /// longer grace is more likely a typo (2.00:00 for 00:02:00) than a choice.
    /// </summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(1);

    /// <summary>How long an announced event may wait for its first attempt before the sweep steps in; 0 steps in at once.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(2);
}

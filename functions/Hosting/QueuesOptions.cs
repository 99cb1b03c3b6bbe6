namespace MotCua.Hosting;

/// <summary>host.json <c>extensions.queues</c>, with the host's defaults.</summary>
public sealed class QueuesOptions
{
    public int BatchSize { get; set; } = 16;

    /// <summary>Fetch a new batch when this few messages are still running; the host's default is batchSize / 2.</summary>
    public int? NewBatchThreshold { get; set; }

    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before it is retried.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    public string MessageEncoding { get; set; } = "base64";
}

/// <summary>Knobs of the local runtime that have no host.json equivalent (section <c>LocalRuntime</c>).</summary>
public sealed class LocalRuntimeOptions
{
    /// <summary>How long a dequeued message is hidden while its handler runs; renewed at half this. The host uses 10 minutes.</summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The singleton lock's blob lease on a timer (15–60 s in Blob storage).</summary>
    public TimeSpan TimerLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The host id under which timer status and locks are stored, shared by instances of one app.</summary>
    public string HostId { get; set; } = "motcua";
}

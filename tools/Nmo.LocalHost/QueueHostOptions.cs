namespace Nmo.LocalHost;

/// <summary>The queue trigger settings of host.json (<c>extensions.queues</c>) the local host follows.</summary>
public sealed record QueueHostOptions
{
    /// <summary>Messages fetched at once per queue (at most 32, as in Azure).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Running count at or below which the next batch is fetched: as in Azure, up to <see cref="BatchSize"/> plus
    /// this many messages of a queue run at once.
    /// </summary>
    public int NewBatchThreshold { get; init; } = 8;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Delay before a failed message becomes visible again for its next attempt.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts before a message is moved to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>
    /// How long a received message stays invisible while its function runs; renewed at half time while the
    /// function is still running. The Functions host uses 10 minutes.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);
}

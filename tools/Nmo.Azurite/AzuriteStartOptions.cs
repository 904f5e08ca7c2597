namespace Nmo.Azurite;

/// <summary>How to start an Azurite of our own.</summary>
public sealed record AzuriteStartOptions
{
    /// <summary>Port of the blob service; 0 picks a free one.</summary>
    public int BlobPort { get; init; }

    /// <summary>Port of the queue service; 0 picks a free one.</summary>
    public int QueuePort { get; init; }

    /// <summary>Port of the table service; 0 picks a free one.</summary>
    public int TablePort { get; init; }

    /// <summary>
    /// Where Azurite keeps its data. <c>null</c> keeps everything in memory (Azurite's <c>--inMemoryPersistence</c>),
    /// which is what tests want: nothing left on disk, nothing shared between runs.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>How long to wait for the three ports to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The folder whose <c>package.json</c> pins Azurite; <c>null</c> looks for it above the working directory and
    /// above the application's folder.
    /// </summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>
    /// Starts Azurite again, on the same ports and over the same <see cref="DataDirectory"/>, whenever it exits
    /// without having been stopped (a crash, a kill), waiting 1 s, then twice as long each time up to 30 s.
    /// Only for an Azurite we start: one that was already listening is never ours to restart.
    /// </summary>
    public bool RestartIfExited { get; init; }

    /// <summary>
    /// Options for node itself, before Azurite's script: the benchmarks profile Azurite with
    /// <c>--cpu-prof --cpu-prof-dir DIR</c>, written when it stops (node refuses these in <c>NODE_OPTIONS</c>).
    /// </summary>
    public IReadOnlyList<string> NodeArguments { get; init; } = [];

    /// <summary>Where a restarted Azurite is reported (<c>nmo serve</c>: its standard error).</summary>
    public Action<string>? Log { get; init; }

    internal AzuritePorts Ports => new(BlobPort, QueuePort, TablePort);
}

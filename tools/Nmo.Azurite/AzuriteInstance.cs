namespace Nmo.Azurite;

/// <summary>
/// A running Azurite: either one we started (<see cref="Owned"/>; disposing stops it) or one that already listened
/// on the requested ports and is left alone.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private readonly AzuriteProcess? process;

    internal AzuriteInstance(string connectionString, AzuritePorts ports, string? dataDirectory, AzuriteProcess? process)
    {
        ConnectionString = connectionString;
        BlobPort = ports.Blob;
        QueuePort = ports.Queue;
        TablePort = ports.Table;
        DataDirectory = dataDirectory;
        this.process = process;
    }

    /// <summary>A connection string for <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionString { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>True when this process started Azurite and will stop it on dispose.</summary>
    public bool Owned => process is not null;

    /// <summary>Where the data lives; <c>null</c> in memory or when reused (unknown).</summary>
    public string? DataDirectory { get; }

    /// <summary>Id of the Azurite (node) process when owned.</summary>
    public int? ProcessId => process?.Id;

    /// <summary>What Azurite wrote to its standard error so far (owned instances only).</summary>
    public string StandardError => process?.StandardError ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.StopAsync().ConfigureAwait(false);
        }
    }
}

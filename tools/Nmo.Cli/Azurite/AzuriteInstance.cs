using System.Diagnostics;

namespace Nmo.Cli.Azurite;

/// <summary>
/// A running Azurite: either one we started (<see cref="Owned"/>; disposing kills it) or one that already listened
/// on the standard ports and is left alone.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private readonly Process? process;
    private readonly OutputTail? output;
    private int disposed;

    internal AzuriteInstance(
        string connectionString,
        int blobPort,
        int queuePort,
        int tablePort,
        string? dataDirectory,
        Process? process,
        OutputTail? output)
    {
        ConnectionString = connectionString;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        DataDirectory = dataDirectory;
        this.process = process;
        this.output = output;
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
    public string StandardError => output?.Error ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        if (process is null || Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await AzuriteLauncher.StopAsync(process).ConfigureAwait(false);
    }
}

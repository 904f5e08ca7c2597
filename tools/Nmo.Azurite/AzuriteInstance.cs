namespace Nmo.Azurite;

/// <summary>
/// A running Azurite: either one we started (<see cref="Owned"/>; disposing stops it) or one that already listened
/// on the requested ports and is left alone. One we started with <see cref="AzuriteStartOptions.RestartIfExited"/>
/// is started again, on its ports and over its data, whenever it exits without having been stopped.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRestartDelay = TimeSpan.FromSeconds(30);

    // A run this long was not a crash loop: the next exit is restarted after the shortest delay again.
    private static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);

    private readonly CancellationTokenSource disposing = new();
    private readonly Task supervising = Task.CompletedTask;
    private volatile AzuriteProcess? process;
    private int restarts;

    internal AzuriteInstance(string connectionString, AzuritePorts ports, string? dataDirectory, AzuriteProcess? process)
    {
        ConnectionString = connectionString;
        BlobPort = ports.Blob;
        QueuePort = ports.Queue;
        TablePort = ports.Table;
        DataDirectory = dataDirectory;
        this.process = process;
    }

    /// <param name="restart">Starts the same Azurite again (same ports, same data folder).</param>
    /// <param name="log">Told when Azurite exited and when it is back.</param>
    internal AzuriteInstance(
        string connectionString,
        AzuritePorts ports,
        string? dataDirectory,
        AzuriteProcess process,
        Func<CancellationToken, Task<AzuriteProcess>> restart,
        Action<string>? log)
        : this(connectionString, ports, dataDirectory, process)
    {
        supervising = Task.Run(() => SuperviseAsync(restart, log ?? (_ => { })));
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

    /// <summary>Id of the Azurite (node) process when owned; a restart gives it a new one.</summary>
    public int? ProcessId => process?.Id;

    /// <summary>How often it was started again after exiting on its own.</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>What Azurite wrote to its standard error so far (owned instances only).</summary>
    public string StandardError => process?.StandardError ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        await disposing.CancelAsync().ConfigureAwait(false);
        await supervising.ConfigureAwait(false);
        if (process is { } current)
        {
            await current.StopAsync().ConfigureAwait(false);
        }

        disposing.Dispose();
    }

    private async Task SuperviseAsync(Func<CancellationToken, Task<AzuriteProcess>> restart, Action<string> log)
    {
        var stop = disposing.Token;
        var delay = FirstRestartDelay;
        var startedAt = DateTime.UtcNow;
        try
        {
            while (true)
            {
                var exitCode = await process!.WaitForExitAsync(stop).ConfigureAwait(false);
                if (DateTime.UtcNow - startedAt >= StableRun)
                {
                    delay = FirstRestartDelay;
                }

                log($"Azurite exited (code {exitCode}) without being stopped; starting it again on ports {BlobPort}-{TablePort} over the same data.");
                while (true)
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRestartDelay.Ticks));
                    try
                    {
                        var exited = process!;
                        process = await restart(stop).ConfigureAwait(false);
                        await exited.StopAsync().ConfigureAwait(false);
                        startedAt = DateTime.UtcNow;
                        Interlocked.Increment(ref restarts);
                        log("Azurite is back.");
                        break;
                    }
                    catch (Exception ex) when (!stop.IsCancellationRequested)
                    {
                        log($"Azurite did not start again, next try in {delay.TotalSeconds:0} s: {ex.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposing: the current process is stopped by DisposeAsync.
        }
    }
}

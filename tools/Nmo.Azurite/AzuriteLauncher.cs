namespace Nmo.Azurite;

/// <summary>
/// Starts the Azurite pinned in the repository's <c>package.json</c> (installing it with <c>npm ci</c> first when
/// needed), or reuses one already listening on the requested ports. The jobs are elsewhere: installing in
/// <see cref="AzuriteInstallation"/>, the process in <see cref="AzuriteProcess"/>, probing ports in
/// <see cref="AzuriteProbe"/>, connection strings in <see cref="AzuriteConnectionStrings"/>.
/// </summary>
public static class AzuriteLauncher
{
    /// <summary>Starts an Azurite of our own; ports of 0 are picked free.</summary>
    /// <exception cref="AzuriteException">It could not be installed or started; the message quotes npm or Azurite.</exception>
    public static async Task<AzuriteInstance> StartAsync(AzuriteStartOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var installation = options.RepositoryRoot is null ? AzuriteInstallation.OfRepository() : new AzuriteInstallation(options.RepositoryRoot);
        await installation.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);

        var requested = options.Ports;
        for (var attempt = 1; ; attempt++)
        {
            var ports = requested.PickFree();
            try
            {
                var process = await AzuriteProcess.StartAsync(installation, ports, options.DataDirectory, options.NodeArguments, options.StartTimeout, cancellationToken).ConfigureAwait(false);
                var connectionString = AzuriteConnectionStrings.For(ports);
                return options.RestartIfExited
                    ? new AzuriteInstance(
                        connectionString,
                        ports,
                        options.DataDirectory,
                        process,
                        stop => AzuriteProcess.StartAsync(installation, ports, options.DataDirectory, options.NodeArguments, options.StartTimeout, stop),
                        options.Log)
                    : new AzuriteInstance(connectionString, ports, options.DataDirectory, process);
            }
            catch (AzuritePortTakenException) when (requested.PicksAny && attempt < 3)
            {
                // Another process took a port between our pick and Azurite's bind; pick again.
            }
            catch (AzuritePortTakenException ex)
            {
                throw new AzuriteException(ex.Message);
            }
        }
    }

    /// <summary>
    /// Reuses an Azurite already listening on 127.0.0.1:10000-10002 (so <c>func start</c>, <c>nmo serve</c> and the
    /// other verbs share one store), or starts one there with its data in <paramref name="dataDirectory"/>
    /// (default <c>.nmo/azurite/</c> under the working directory).
    /// </summary>
    /// <param name="restartIfExited">Keep an Azurite started here running (<see cref="AzuriteStartOptions.RestartIfExited"/>).</param>
    /// <param name="log">Where restarts are reported.</param>
    public static Task<AzuriteInstance> ReuseOrStartDefaultAsync(
        string? dataDirectory, CancellationToken cancellationToken, bool restartIfExited = false, Action<string>? log = null) =>
        ReuseOrStartAsync(
            new AzuriteStartOptions
            {
                BlobPort = AzuritePorts.Standard.Blob,
                QueuePort = AzuritePorts.Standard.Queue,
                TablePort = AzuritePorts.Standard.Table,
                DataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(Directory.GetCurrentDirectory(), ".nmo", "azurite")),
                RestartIfExited = restartIfExited,
                Log = log,
            },
            cancellationToken);

    /// <summary>
    /// Reuses whatever already listens on all three ports of <paramref name="options"/> (not owned: never stopped
    /// by us), or starts Azurite there. The ports must be given (not 0).
    /// </summary>
    /// <exception cref="AzuriteException">Only some of the ports are taken, or Azurite could not be started.</exception>
    public static async Task<AzuriteInstance> ReuseOrStartAsync(AzuriteStartOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Ports.PicksAny)
        {
            throw new ArgumentException("Reusing needs the three ports to look at.", nameof(options));
        }

        if (await ListeningAsync(options.Ports, cancellationToken).ConfigureAwait(false) is { } reused)
        {
            return reused;
        }

        try
        {
            return await StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (AzuriteException)
        {
            // Someone else (a parallel `nmo` or `func start`) may have started one meanwhile: use theirs.
            if (await ListeningAsync(options.Ports, cancellationToken).ConfigureAwait(false) is { } raced)
            {
                return raced;
            }

            throw;
        }
    }

    /// <summary>An instance (not owned) for what listens on all three ports; null when none does.</summary>
    private static async Task<AzuriteInstance?> ListeningAsync(AzuritePorts ports, CancellationToken cancellationToken)
    {
        var listening = await AzuriteProbe.ListeningAsync(ports, cancellationToken).ConfigureAwait(false);
        if (listening.None)
        {
            return null;
        }

        if (!listening.All)
        {
            throw new AzuriteException(
                $"Only some of the storage ports are in use (in use: {string.Join(", ", listening.Busy)}; free: {string.Join(", ", listening.Free)}), " +
                "so this is not a whole Azurite to reuse and a new one cannot start. Stop the program holding them, or set AzureWebJobsStorage to a storage connection string.");
        }

        var connectionString = ports.IsStandard ? AzuriteConnectionStrings.DevelopmentStorage : AzuriteConnectionStrings.For(ports);
        return new AzuriteInstance(connectionString, ports, dataDirectory: null, process: null);
    }
}

using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nmo.Cli.Azurite;

/// <summary>
/// Starts the Azurite pinned in the repository's <c>package.json</c> (installing it with <c>npm ci</c> first when
/// needed), or reuses one already listening on the emulator's standard ports.
/// </summary>
public static class AzuriteLauncher
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The storage emulator's well-known, public account key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>What <c>func start</c> and the SDKs understand as Azurite on 127.0.0.1:10000-10002.</summary>
    public const string DevelopmentStorageConnectionString = "UseDevelopmentStorage=true";

    public const int DefaultBlobPort = 10000;
    public const int DefaultQueuePort = 10001;
    public const int DefaultTablePort = 10002;

    private const string AzuriteEntry = "node_modules/azurite/dist/src/azurite.js";

    // Runs inside node before Azurite. A line on stdin, stdin closing, or the parent .NET process disappearing
    // runs Azurite's own SIGTERM shutdown, which saves its metadata (a hard kill loses the last few seconds of it),
    // or exits at once while Azurite is still starting; so an Azurite never outlives a test run or a CLI, even one
    // killed without running its cleanup. Ctrl+C in a terminal reaches every process of the group: Azurite ignores
    // it, so storage stays up while the host finishes its running functions, and the host then stops it.
    private const string ParentWatchdog =
        "const [entry, parent, ...rest] = process.argv.slice(1);" +
        "process.argv = [process.argv[0], entry, ...rest];" +
        "const on = process.on.bind(process), once = process.once.bind(process);" +
        "process.on = (e, l) => e === 'SIGINT' ? process : on(e, l);" +
        "process.once = (e, l) => e === 'SIGINT' ? process : once(e, l);" +
        "on('SIGINT', () => {});" +
        "let stopping = false;" +
        "const stop = () => { if (stopping) return; stopping = true; process.stdin.destroy(); if (process.listenerCount('SIGTERM') === 0) process.exit(0); process.emit('SIGTERM'); setTimeout(() => process.exit(0), 10000).unref(); };" +
        "process.stdin.on('data', stop); process.stdin.on('end', stop); process.stdin.on('error', stop);" +
        "setInterval(() => { try { process.kill(Number(parent), 0); } catch (e) { if (e.code !== 'EPERM') stop(); } }, 1000).unref();" +
        "require(entry);";

    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(5);

    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    static AzuriteLauncher()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>An explicit connection string for an Azurite on 127.0.0.1 with the given ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>Starts an Azurite of our own; ports of 0 are picked free.</summary>
    public static async Task<AzuriteInstance> StartAsync(AzuriteStartOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.RepositoryRoot ?? FindRepositoryRoot();
        await EnsureInstalledAsync(root, cancellationToken).ConfigureAwait(false);

        var picksPorts = options.BlobPort == 0 || options.QueuePort == 0 || options.TablePort == 0;
        for (var attempt = 1; ; attempt++)
        {
            var ports = ResolvePorts(options);
            try
            {
                return await StartProcessAsync(root, ports, options, cancellationToken).ConfigureAwait(false);
            }
            catch (PortTakenException) when (picksPorts && attempt < 3)
            {
                // Another process took a port between our pick and Azurite's bind; pick again.
            }
            catch (PortTakenException ex)
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
    public static Task<AzuriteInstance> ReuseOrStartDefaultAsync(string? dataDirectory, CancellationToken cancellationToken) =>
        ReuseOrStartAsync(
            new AzuriteStartOptions
            {
                BlobPort = DefaultBlobPort,
                QueuePort = DefaultQueuePort,
                TablePort = DefaultTablePort,
                DataDirectory = Path.GetFullPath(dataDirectory ?? Path.Combine(Directory.GetCurrentDirectory(), ".nmo", "azurite")),
            },
            cancellationToken);

    /// <summary>
    /// Reuses whatever already listens on all three ports of <paramref name="options"/> (not owned: never stopped
    /// by us), or starts Azurite there. The ports must be given (not 0).
    /// </summary>
    public static async Task<AzuriteInstance> ReuseOrStartAsync(AzuriteStartOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BlobPort == 0 || options.QueuePort == 0 || options.TablePort == 0)
        {
            throw new ArgumentException("Reusing needs the three ports to look at.", nameof(options));
        }

        if (await ListeningAsync(options, cancellationToken).ConfigureAwait(false) is { } reused)
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
            if (await ListeningAsync(options, cancellationToken).ConfigureAwait(false) is { } raced)
            {
                return raced;
            }

            throw;
        }
    }

    /// <summary>The folder above the working directory or the application whose package.json pins Azurite.</summary>
    public static string FindRepositoryRoot()
    {
        var starts = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (PinsAzurite(Path.Combine(dir.FullName, "package.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new AzuriteException(
            "Cannot find the package.json that pins Azurite (looked in and above " +
            $"'{starts[0]}' and '{starts[1]}'). Run from the repository, or set AzureWebJobsStorage to existing storage.");
    }

    internal static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited && AskToStop(process))
            {
                using var grace = new CancellationTokenSource(GracefulStop);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // It did not stop in time: killed below.
                }
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or OperationCanceledException)
        {
            // Already gone, or not ours to kill any more; nothing left to do.
        }
        finally
        {
            Running.TryRemove(process.Id, out _);
            process.Dispose();
        }
    }

    private static bool AskToStop(Process process)
    {
        try
        {
            process.StandardInput.WriteLine("shutdown");
            process.StandardInput.Close();
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static void KillAll()
    {
        // The process is exiting without having disposed its instances: ask all at once, then give them a moment
        // to save their data before killing what is left.
        var processes = Running.Values.ToList();
        var asked = processes.Where(p => !p.HasExited && AskToStop(p)).ToList();
        var deadline = Stopwatch.StartNew();
        foreach (var process in asked)
        {
            var left = GracefulStop - deadline.Elapsed;
            if (left > TimeSpan.Zero)
            {
                process.WaitForExit(left);
            }
        }

        foreach (var process in processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                // Exited on its own.
            }
        }
    }

    private static async Task<AzuriteInstance?> ListeningAsync(AzuriteStartOptions options, CancellationToken cancellationToken)
    {
        int[] ports = [options.BlobPort, options.QueuePort, options.TablePort];
        var listening = new bool[ports.Length];
        for (var i = 0; i < ports.Length; i++)
        {
            listening[i] = await AcceptsAsync(ports[i], cancellationToken).ConfigureAwait(false);
        }

        if (listening.All(l => l))
        {
            var standard = options.BlobPort == DefaultBlobPort && options.QueuePort == DefaultQueuePort && options.TablePort == DefaultTablePort;
            return new AzuriteInstance(
                standard ? DevelopmentStorageConnectionString : ConnectionStringFor(options.BlobPort, options.QueuePort, options.TablePort),
                options.BlobPort,
                options.QueuePort,
                options.TablePort,
                null,
                null,
                null);
        }

        if (listening.Any(l => l))
        {
            var busy = string.Join(", ", ports.Where((_, i) => listening[i]));
            var free = string.Join(", ", ports.Where((_, i) => !listening[i]));
            throw new AzuriteException(
                $"Only some of the storage ports are in use (in use: {busy}; free: {free}), so this is not a whole Azurite " +
                "to reuse and a new one cannot start. Stop the program holding them, or set AzureWebJobsStorage to a storage connection string.");
        }

        return null;
    }

    private static bool PinsAzurite(string packageJson)
    {
        if (!File.Exists(packageJson))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
            foreach (var section in new[] { "devDependencies", "dependencies" })
            {
                if (document.RootElement.TryGetProperty(section, out var deps) &&
                    deps.ValueKind == JsonValueKind.Object &&
                    deps.TryGetProperty("azurite", out _))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return false;
        }

        return false;
    }

    private static bool IsInstalled(string root) =>
        File.Exists(Path.Combine(root, AzuriteEntry)) &&
        File.Exists(Path.Combine(root, "node_modules", ".package-lock.json"));

    private static async Task EnsureInstalledAsync(string root, CancellationToken cancellationToken)
    {
        // npm ci empties node_modules first, so a second test process must neither run it again nor start
        // Azurite from a half-written tree: check and install under one lock shared by every process.
        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var fileLock = await AcquireFileLockAsync(root, cancellationToken).ConfigureAwait(false);
            if (IsInstalled(root))
            {
                return;
            }

            await RunNpmCiAsync(root, cancellationToken).ConfigureAwait(false);
            if (!File.Exists(Path.Combine(root, AzuriteEntry)))
            {
                throw new AzuriteException($"npm ci finished but '{AzuriteEntry}' is missing under '{root}'.");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string root, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"nmo-npm-ci-{hash}.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunNpmCiAsync(string root, CancellationToken cancellationToken)
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", "npm" } }
            : new ProcessStartInfo("npm");
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(arg);
        }

        start.WorkingDirectory = root;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = new Process { StartInfo = start };
        var output = new OutputTail();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new AzuriteException(
                "Azurite is not installed and npm cannot be run: install Node.js (with npm), or set AzureWebJobsStorage " +
                "to a storage connection string.", ex);
        }

        output.Attach(process);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new AzuriteException($"npm ci in '{root}' did not finish within 10 minutes. Output:{Environment.NewLine}{output.All}");
        }

        // The exit event can come before the last asynchronous output line; this waits for the streams to drain.
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new AzuriteException(
                $"npm ci in '{root}' failed with exit code {process.ExitCode}. Output:{Environment.NewLine}{output.All}");
        }
    }

    private static (int Blob, int Queue, int Table) ResolvePorts(AzuriteStartOptions options)
    {
        // All listeners stay open until the three are picked, so the picks differ from each other.
        var listeners = new List<TcpListener>();
        try
        {
            int Pick(int requested)
            {
                if (requested != 0)
                {
                    return requested;
                }

                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            return (Pick(options.BlobPort), Pick(options.QueuePort), Pick(options.TablePort));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static async Task<AzuriteInstance> StartProcessAsync(
        string root,
        (int Blob, int Queue, int Table) ports,
        AzuriteStartOptions options,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.DataDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(ParentWatchdog);
        start.ArgumentList.Add(Path.Combine(root, AzuriteEntry));
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddArguments(start.ArgumentList, ports, options.DataDirectory);

        if (options.DataDirectory is not null)
        {
            Directory.CreateDirectory(options.DataDirectory);
        }

        var process = new Process { StartInfo = start };
        var output = new OutputTail();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new AzuriteException(
                "Cannot run node to start Azurite: install Node.js 20 or later, or set AzureWebJobsStorage to a storage connection string.", ex);
        }

        Running[process.Id] = process;
        output.Attach(process);
        try
        {
            await WaitUntilListeningAsync(process, output, ports, options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await StopAsync(process).ConfigureAwait(false);
            throw;
        }

        return new AzuriteInstance(
            ConnectionStringFor(ports.Blob, ports.Queue, ports.Table),
            ports.Blob,
            ports.Queue,
            ports.Table,
            options.DataDirectory,
            process,
            output);
    }

    private static void AddArguments(ICollection<string> args, (int Blob, int Queue, int Table) ports, string? dataDirectory)
    {
        static string Text(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        args.Add("--blobHost");
        args.Add("127.0.0.1");
        args.Add("--blobPort");
        args.Add(Text(ports.Blob));
        args.Add("--queueHost");
        args.Add("127.0.0.1");
        args.Add("--queuePort");
        args.Add(Text(ports.Queue));
        args.Add("--tableHost");
        args.Add("127.0.0.1");
        args.Add("--tablePort");
        args.Add(Text(ports.Table));
        if (dataDirectory is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            args.Add("--location");
            args.Add(dataDirectory);
        }

        // The SDKs here may be newer than this Azurite knows; loose mode ignores headers it does not support;
        // path-style URLs keep 127.0.0.1 working; no telemetry leaves the machine.
        args.Add("--skipApiVersionCheck");
        args.Add("--loose");
        args.Add("--silent");
        args.Add("--disableProductStyleUrl");
        args.Add("--disableTelemetry");
    }

    private static async Task WaitUntilListeningAsync(
        Process process,
        OutputTail output,
        (int Blob, int Queue, int Table) ports,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                process.WaitForExit();
                var error = output.All;
                var message =
                    $"Azurite exited with code {process.ExitCode} before listening on 127.0.0.1 ports " +
                    $"{ports.Blob}, {ports.Queue}, {ports.Table}. It printed:{Environment.NewLine}{error}";
                if (error.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    throw new PortTakenException(message);
                }

                throw new AzuriteException(message);
            }

            if (await AcceptsAsync(ports.Blob, cancellationToken).ConfigureAwait(false) &&
                await AcceptsAsync(ports.Queue, cancellationToken).ConfigureAwait(false) &&
                await AcceptsAsync(ports.Table, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new AzuriteException(
                    $"Azurite did not listen on 127.0.0.1 ports {ports.Blob}, {ports.Queue}, {ports.Table} within " +
                    $"{timeout.TotalSeconds:0} s. Its standard error:{Environment.NewLine}{output.Error}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);
}

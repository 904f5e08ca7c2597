using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Nmo.Azurite;

/// <summary>
/// One Azurite (node) process of ours, run under the watchdog in <c>parent-watchdog.js</c>: started until its
/// ports listen, stopped gracefully (its metadata saved) or killed, and stopped when this process exits without
/// having stopped it.
/// </summary>
internal sealed class AzuriteProcess
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(5);
    private static readonly Lazy<string> Watchdog = new(ReadWatchdog);

    private readonly Process process;
    private readonly OutputTail output;
    private readonly EventHandler onProcessExit;
    private int stopped;

    private AzuriteProcess(Process process, OutputTail output)
    {
        this.process = process;
        this.output = output;
        Id = process.Id;
        onProcessExit = (_, _) => StopAtProcessExit();
        AppDomain.CurrentDomain.ProcessExit += onProcessExit;
    }

    public int Id { get; }

    /// <summary>What Azurite wrote to its standard error so far.</summary>
    public string StandardError => output.Error;

    /// <summary>Starts Azurite on <paramref name="ports"/> (none 0) and waits until all three listen.</summary>
    /// <exception cref="AzuritePortTakenException">Azurite exited because a port was taken.</exception>
    /// <exception cref="AzuriteException">node is missing, or Azurite exited or did not listen in time.</exception>
    public static async Task<AzuriteProcess> StartAsync(
        AzuriteInstallation installation,
        AzuritePorts ports,
        string? dataDirectory,
        IReadOnlyList<string> nodeArguments,
        TimeSpan startTimeout,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in nodeArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Watchdog.Value);
        start.ArgumentList.Add(installation.Entry);
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        AddArguments(start.ArgumentList, ports, dataDirectory);

        if (dataDirectory is not null)
        {
            Directory.CreateDirectory(dataDirectory);
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

        var azurite = new AzuriteProcess(process, output);
        output.Attach(process);
        try
        {
            await azurite.WaitUntilListeningAsync(ports, startTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await azurite.StopAsync().ConfigureAwait(false);
            throw;
        }

        return azurite;
    }

    /// <summary>Completes with the exit code once the process has exited, however that came about.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>Asks Azurite to shut down (it saves its data), and kills it if it has not within a few seconds.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= onProcessExit;
        try
        {
            if (!process.HasExited && AskToStop())
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
            process.Dispose();
        }
    }

    private static string ReadWatchdog()
    {
        using var stream = typeof(AzuriteProcess).Assembly.GetManifestResourceStream("Nmo.Azurite.parent-watchdog.js")
            ?? throw new InvalidOperationException("The embedded parent-watchdog.js is missing from Nmo.Azurite.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void AddArguments(ICollection<string> args, AzuritePorts ports, string? dataDirectory)
    {
        static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

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

    private async Task WaitUntilListeningAsync(AzuritePorts ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        bool listening;
        try
        {
            listening = await AzuriteProbe.WaitUntilListeningAsync(ports, process.WaitForExitAsync(cancellationToken), timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AzuriteException(
                $"Azurite did not listen on 127.0.0.1 ports {ports} within {timeout.TotalSeconds:0} s. " +
                $"Its standard error:{Environment.NewLine}{output.Error}");
        }

        if (listening)
        {
            return;
        }

        // The exit event can come before the last asynchronous output line; this waits for the streams to drain.
        process.WaitForExit();
        var printed = output.All;
        var message =
            $"Azurite exited with code {process.ExitCode} before listening on 127.0.0.1 ports {ports}. " +
            $"It printed:{Environment.NewLine}{printed}";
        throw printed.Contains("EADDRINUSE", StringComparison.Ordinal)
            ? new AzuritePortTakenException(message)
            : new AzuriteException(message);
    }

    private bool AskToStop()
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

    private void StopAtProcessExit()
    {
        // This process is exiting without having stopped Azurite: give it a moment to save its data, then kill it.
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (!process.HasExited && AskToStop())
            {
                process.WaitForExit(GracefulStop);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Exited on its own.
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Nmo.Azurite;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

/// <summary>
/// The watchdog every Azurite of ours runs under (the embedded <c>parent-watchdog.js</c>), around a stand-in for
/// Azurite that records how it was stopped: it stops with its parent, on a line on stdin, and not on Ctrl+C.
/// </summary>
public sealed class AzuriteWatchdogTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly string directory = Directory.CreateTempSubdirectory("nmo-watchdog-").FullName;
    private readonly List<Process> processes = [];

    private string Marker => Path.Combine(directory, "stopped");

    [Fact]
    public async Task When_its_parent_process_disappears_azurite_is_stopped_with_its_own_shutdown()
    {
        var parent = Start(new ProcessStartInfo("node") { ArgumentList = { "-e", "setInterval(() => {}, 1000)" } });
        var azurite = await StartUnderWatchdogAsync(parent.Id);

        parent.Kill();

        await Eventually.WaitUntilAsync(() => azurite.HasExited, Patience, "the watchdog noticed its parent is gone");
        Assert.Equal("SIGTERM", await File.ReadAllTextAsync(Marker));
    }

    [Fact]
    public async Task A_line_on_standard_input_stops_azurite_with_its_own_shutdown()
    {
        var azurite = await StartUnderWatchdogAsync(Environment.ProcessId);

        await azurite.StandardInput.WriteLineAsync("shutdown");
        await azurite.StandardInput.FlushAsync();

        await Eventually.WaitUntilAsync(() => azurite.HasExited, Patience, "azurite stopped");
        Assert.Equal("SIGTERM", await File.ReadAllTextAsync(Marker));
    }

    [UnixFact]
    public async Task Ctrl_C_leaves_azurite_running_for_the_host_to_stop_later()
    {
        var azurite = await StartUnderWatchdogAsync(Environment.ProcessId);

        using (var kill = Process.Start("kill", ["-INT", azurite.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(azurite.HasExited, "Ctrl+C stopped Azurite");
        Assert.False(File.Exists(Marker));
        azurite.StandardInput.Close();
        await Eventually.WaitUntilAsync(() => azurite.HasExited, Patience, "azurite stopped once its stdin closed");
        Assert.Equal("SIGTERM", await File.ReadAllTextAsync(Marker));
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        Directory.Delete(directory, recursive: true);
    }

    private static string Watchdog()
    {
        using var stream = typeof(AzuriteLauncher).Assembly.GetManifestResourceStream("Nmo.Azurite.parent-watchdog.js")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// node running the watchdog around a script that, like Azurite, registers SIGINT and SIGTERM handlers; the
    /// first handler to run writes its signal's name to <see cref="Marker"/>.
    /// </summary>
    private async Task<Process> StartUnderWatchdogAsync(int parentId)
    {
        var entry = Path.Combine(directory, "fake-azurite.js");
        await File.WriteAllTextAsync(entry, """
            const fs = require('fs');
            const [marker] = process.argv.slice(2);
            const stopBy = signal => () => { fs.writeFileSync(marker, signal); process.exit(0); };
            process.on('SIGINT', stopBy('SIGINT'));
            process.on('SIGTERM', stopBy('SIGTERM'));
            fs.writeFileSync(marker + '.ready', '');
            setInterval(() => {}, 1000);
            """);
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-e", Watchdog(), entry, parentId.ToString(CultureInfo.InvariantCulture), Marker })
        {
            start.ArgumentList.Add(arg);
        }

        var azurite = Start(start);
        await Eventually.WaitUntilAsync(() => File.Exists(Marker + ".ready") || azurite.HasExited, Patience, "the stand-in has started");
        Assert.False(azurite.HasExited, "the stand-in exited at once");
        return azurite;
    }

    private Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        processes.Add(process);
        return process;
    }
}

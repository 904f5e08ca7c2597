using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nmo.Azurite;

/// <summary>
/// The Azurite pinned in a folder's <c>package.json</c>/<c>package-lock.json</c>, installed there with
/// <c>npm ci</c> when it is missing.
/// </summary>
public sealed class AzuriteInstallation(string root)
{
    private const string EntryPath = "node_modules/azurite/dist/src/azurite.js";

    /// <summary>The folder whose <c>package.json</c> pins Azurite.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Azurite's script, run with node.</summary>
    public string Entry => Path.Combine(Root, EntryPath);

    /// <summary>
    /// Installed, and from the lock file as it is now: npm ci writes its own copy of the lock last, so a lock file
    /// changed since (a pull that pins another package) makes the tree stale and installs again.
    /// </summary>
    private bool IsInstalled
    {
        get
        {
            var installed = new FileInfo(Path.Combine(Root, "node_modules", ".package-lock.json"));
            var pinned = new FileInfo(Path.Combine(Root, "package-lock.json"));
            return File.Exists(Entry) && installed.Exists && (!pinned.Exists || installed.LastWriteTimeUtc >= pinned.LastWriteTimeUtc);
        }
    }

    /// <summary>The installation of the repository: the folder above the working directory or the application whose package.json pins Azurite.</summary>
    /// <exception cref="AzuriteException">No such folder.</exception>
    public static AzuriteInstallation OfRepository() => new(FindRepositoryRoot());

    /// <summary>The folder above the working directory or the application whose package.json pins Azurite.</summary>
    /// <exception cref="AzuriteException">No such folder.</exception>
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

    /// <summary>Runs <c>npm ci</c> unless Azurite is already installed.</summary>
    /// <exception cref="AzuriteException">npm is missing, failed or took longer than 10 minutes.</exception>
    public async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        // npm ci empties node_modules first, so a second process (or a second fixture of this one) must neither run
        // it again nor start Azurite from a half-written tree: check and install under one lock on a file, which
        // excludes other processes and other opens in this process alike.
        await using var fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
        if (IsInstalled)
        {
            return;
        }

        await RunNpmCiAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Entry))
        {
            throw new AzuriteException($"npm ci finished but '{EntryPath}' is missing under '{Root}'.");
        }
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

    private async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Root)))[..16];
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

    private async Task RunNpmCiAsync(CancellationToken cancellationToken)
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", "npm" } }
            : new ProcessStartInfo("npm");
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(arg);
        }

        start.WorkingDirectory = Root;
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
            throw new AzuriteException($"npm ci in '{Root}' did not finish within 10 minutes. Output:{Environment.NewLine}{output.All}");
        }

        // The exit event can come before the last asynchronous output line; this waits for the streams to drain.
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new AzuriteException(
                $"npm ci in '{Root}' failed with exit code {process.ExitCode}. Output:{Environment.NewLine}{output.All}");
        }
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Nmo.Deployment.Tests.Bicep;

/// <summary>Output of one Bicep CLI run.</summary>
public sealed record BicepResult(int ExitCode, string Output, string Errors)
{
    /// <summary>Diagnostic lines (<c>file(line,col) : Warning|Error rule: message</c>) from either stream.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (Output + "\n" + Errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains(" : Warning ", StringComparison.Ordinal)
                || l.Contains(" : Error ", StringComparison.Ordinal)
                || l.Contains(" : Info ", StringComparison.Ordinal))
            .ToList();
}

/// <summary>
/// The Bicep CLI: from the NuGet package for this machine's OS and architecture (Azure.Bicep.CommandLine.&lt;rid&gt;),
/// which the build restores like any other package, so a fresh clone needs only the .NET SDK; where no package
/// fits (or the build was told <c>-p:BicepCliPackage=none</c>), a <c>bicep</c> on PATH. <see cref="Source"/> says
/// which one runs; the tests print it.
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<(string Path, string Source)> Located = new(Locate);

    public static string ExecutablePath => Located.Value.Path;

    /// <summary>Where the CLI came from, e.g. "NuGet package Azure.Bicep.CommandLine.linux-x64 (/root/.nuget/...)".</summary>
    public static string Source => Located.Value.Source;

    public static BicepResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no update checks: CI has no network beyond the package registries.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        return new BicepResult(process.ExitCode, output.GetAwaiter().GetResult(), errors.GetAwaiter().GetResult());
    }

    private static (string Path, string Source) Locate()
    {
        var metadata = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToList();
        var package = metadata.FirstOrDefault(a => a.Key == "BicepCliPackage")?.Value;
        var packaged = metadata.FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        if (!string.IsNullOrEmpty(packaged))
        {
            var path = Path.GetFullPath(packaged.Replace('\\', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The Bicep CLI of package {package} is not at {path}; restore again.", path);
            }

            MakeExecutable(path);
            return (path, $"NuGet package {package} ({path})");
        }

        var onPath = FindOnPath(OperatingSystem.IsWindows() ? "bicep.exe" : "bicep");
        return onPath is not null
            ? (onPath, $"bicep on PATH ({onPath}); no Bicep CLI package {(string.IsNullOrEmpty(package) || package == "none" ? "was taken for this machine" : $"({package}) set $(BicepPath)")}")
            : throw new InvalidOperationException(
                $"No Bicep CLI: {(package == "none" ? "the build was told to take no package" : $"no NuGet package fits this machine ({RuntimeInformation.RuntimeIdentifier})")} and no `bicep` is on PATH. " +
                "Install Bicep (https://aka.ms/bicep-install) or build on an OS/architecture that has an Azure.Bicep.CommandLine.<rid> package.");
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);

    private static void MakeExecutable(string path)
    {
        // NuGet extracts the file with the owner's execute bit only (or none, depending on the tar/zip path).
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }
    }
}

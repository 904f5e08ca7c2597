using System.Diagnostics;
using System.Reflection;

namespace Nmo.Infra.Tests.Bicep;

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
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package, which the build restores like any
/// other package: a fresh clone needs only the .NET SDK. The package's build props set $(BicepPath), which
/// the project file stores in an assembly attribute.
/// </summary>
public static class BicepCli
{
    public static string ExecutablePath { get; } = Locate();

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

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException(
                "The build did not record $(BicepPath): is the Azure.Bicep.CommandLine.linux-x64 package restored?");
        }

        path = Path.GetFullPath(path.Replace('\\', Path.DirectorySeparatorChar));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}.", path);
        }

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

        return path;
    }
}

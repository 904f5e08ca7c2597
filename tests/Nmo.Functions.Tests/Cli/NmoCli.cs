using System.Diagnostics;
using System.Reflection;

namespace Nmo.Functions.Tests.Cli;

/// <summary>Runs the built <c>nmo</c> as a user runs it: a process in a directory of its own, configured by environment variables.</summary>
internal static class NmoCli
{
    private static readonly string Dll = typeof(NmoCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NmoCli").Value!;

    /// <returns>The exit code, what it printed on standard output, and on standard error.</returns>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Assert.True(File.Exists(Dll), $"nmo is not built at {Dll}.");
        var directory = Directory.CreateTempSubdirectory("nmo-cli-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Dll);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

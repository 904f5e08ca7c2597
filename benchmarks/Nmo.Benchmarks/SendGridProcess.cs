using System.Collections.Concurrent;
using System.Diagnostics;
using Nmo.Testing.Email;

namespace Nmo.Benchmarks;

/// <summary>
/// The loopback SendGrid in a process of its own (<c>serve-sendgrid</c>), so its Kestrel, its JSON parsing of
/// 1,000-recipient requests and its memory are not the measured process's. It reports on standard output, one line
/// per fact: <c>HOST url</c>, <c>R category recipients</c> per request, <c>C code</c> per certificate when asked
/// (<c>--codes</c>), <c>V reason</c> for what SendGrid would refuse.
/// </summary>
internal sealed class SendGridProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task reading;

    private SendGridProcess(Process process, string host)
    {
        this.process = process;
        Host = host;
        reading = Task.Run(ReadAsync);
    }

    public string Host { get; }

    public int Requests => requests;

    public ConcurrentDictionary<string, int> RecipientsByCategory { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Codes { get; } = [];

    public ConcurrentQueue<string> Violations { get; } = new();

    public int ProcessId => process.Id;

    private int requests;

    public static async Task<SendGridProcess> StartAsync(bool keepCodes)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SendGridProcess).Assembly.Location);
        }

        start.ArgumentList.Add("serve-sendgrid");
        if (keepCodes)
        {
            start.ArgumentList.Add("--codes");
        }

        var process = Process.Start(start)!;
        var first = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("serve-sendgrid ended before it listened.");
        return new SendGridProcess(process, first["HOST ".Length..]);
    }

    /// <summary>The child's side: serves until its standard input closes (the parent ended).</summary>
    public static async Task<int> ServeAsync(bool keepCodes)
    {
        await using var server = await FakeSendGridServer.StartAsync();
        var output = Console.Out;
        await output.WriteLineAsync("HOST " + server.Host);
        await output.FlushAsync();
        var stdin = Task.Run(() => Console.In.ReadToEnd());
        while (!stdin.IsCompleted)
        {
            while (server.Requests.TryDequeue(out var request))
            {
                var category = request.GetProperty("categories")[0].GetString()!;
                var personalizations = request.GetProperty("personalizations");
                await output.WriteLineAsync($"R {category} {personalizations.GetArrayLength()}");
                if (keepCodes && category == "certificate")
                {
                    foreach (var p in personalizations.EnumerateArray())
                    {
                        await output.WriteLineAsync("C " + p.GetProperty("substitutions").GetProperty("{{code}}").GetString());
                    }
                }
            }

            while (server.Violations.TryDequeue(out var violation))
            {
                await output.WriteLineAsync("V " + violation.ReplaceLineEndings(" "));
            }

            await output.FlushAsync();
            await Task.WhenAny(stdin, Task.Delay(100));
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        await reading;
        process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("R ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Interlocked.Increment(ref requests);
                RecipientsByCategory.AddOrUpdate(parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), (_, n) => n + int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("C ", StringComparison.Ordinal))
            {
                Codes.Add(line[2..]);
            }
            else if (line.StartsWith("V ", StringComparison.Ordinal))
            {
                Violations.Enqueue(line[2..]);
            }
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Nmo.Azurite;

/// <summary>
/// Keeps the last few kilobytes a child process wrote, so an error can quote it without a long-running process
/// growing memory without bound.
/// </summary>
internal sealed class OutputTail
{
    private const int Limit = 16 * 1024;
    private readonly StringBuilder error = new();
    private readonly StringBuilder all = new();
    private readonly Lock gate = new();

    public string Error
    {
        get
        {
            lock (gate)
            {
                return error.ToString();
            }
        }
    }

    public string All
    {
        get
        {
            lock (gate)
            {
                return all.ToString();
            }
        }
    }

    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Append(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Append(e.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            AppendBounded(all, line);
            if (isError)
            {
                AppendBounded(error, line);
            }
        }
    }

    private static void AppendBounded(StringBuilder builder, string line)
    {
        builder.AppendLine(line);
        if (builder.Length > Limit)
        {
            builder.Remove(0, builder.Length - Limit);
        }
    }
}

namespace Nmo.LocalHost.Tests;

/// <summary>A fact about POSIX signals: skipped, saying why, where there are none.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals (SIGINT from Ctrl+C) do not exist on Windows; the console sends CTRL_C_EVENT instead.";
        }
    }
}

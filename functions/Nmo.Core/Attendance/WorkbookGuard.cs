using System.IO.Compression;

namespace Nmo.Core.Attendance;

/// <summary>
/// Refuses an .xlsx that would expand far beyond its size (a zip bomb) before any reader unpacks it: every entry
/// is inflated once, counting, and the count stops at the budget, so checking costs at most the budget and no memory.
/// </summary>
internal static class WorkbookGuard
{
    /// <summary>Real workbooks expand 5-30 times; a hundredfold past a small floor is a bomb.</summary>
    public const int MaxRatio = 100;

    public const long Floor = 64L * 1024 * 1024;

    public const long Ceiling = 2L * 1024 * 1024 * 1024;

    public static long Budget(long compressedBytes) => Math.Min(Ceiling, Math.Max(Floor, compressedBytes * MaxRatio));

    /// <summary>Whether the zip in <paramref name="file"/> expands within <see cref="Budget"/>; the stream is left at its start.</summary>
    public static bool ExpandsWithinBudget(Stream file)
    {
        var budget = Budget(file.Length);
        long total = 0;
        var buffer = new byte[81920];
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in zip.Entries)
            {
                if (total + entry.Length > budget)
                {
                    return false;
                }

                using var content = entry.Open();
                int n;
                while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += n;
                    if (total > budget)
                    {
                        return false;
                    }
                }
            }
        }
        finally
        {
            file.Position = 0;
        }

        return true;
    }
}

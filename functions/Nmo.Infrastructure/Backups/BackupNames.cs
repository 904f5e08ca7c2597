using System.Globalization;

namespace Nmo.Infrastructure.Backups;

/// <summary>Where one day's export lives in the backups container: <c>yyyy-MM-dd/{table}.jsonl.gz</c> and its manifest.</summary>
public static class BackupNames
{
    public const string ManifestFile = "manifest.json";

    public static string Folder(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string TableBlob(DateOnly day, string table) => $"{Folder(day)}/{table}.jsonl.gz";

    public static string Manifest(DateOnly day) => $"{Folder(day)}/{ManifestFile}";

    /// <summary>
    /// The export a <c>--from</c> names: a day (<c>2026-12-02</c>) or a blob path in the backups container
    /// (<c>backups/2026-12-02/</c>, <c>2026-12-02/Ledger.jsonl.gz</c>, a manifest's path). Null when it names none.
    /// </summary>
    public static DateOnly? ParseFrom(string from)
    {
        var path = from.Trim().Replace('\\', '/').Trim('/');
        if (path.StartsWith(Nmo.Core.Storage.StorageNames.Containers.Backups + "/", StringComparison.Ordinal))
        {
            path = path[(Nmo.Core.Storage.StorageNames.Containers.Backups.Length + 1)..];
        }

        var folder = path.Split('/')[0];
        return DateOnly.TryParseExact(folder, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }
}

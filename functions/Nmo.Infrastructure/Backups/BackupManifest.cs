namespace Nmo.Infrastructure.Backups;

/// <summary>
/// Written last for a day's export, so its presence means every table blob of that day is complete; the counts
/// are what a restore must find in each blob.
/// </summary>
public sealed record BackupManifest(string Day, DateTimeOffset ExportedAt, IReadOnlyDictionary<string, int> Tables);

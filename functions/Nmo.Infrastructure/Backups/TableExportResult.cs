namespace Nmo.Infrastructure.Backups;

/// <summary>One day's export: entities per table, and whether it had already been made (then nothing was written).</summary>
public sealed record TableExportResult(DateOnly Day, IReadOnlyDictionary<string, int> Tables, bool AlreadyExported);

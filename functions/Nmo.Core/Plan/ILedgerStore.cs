namespace Nmo.Core.Plan;

public interface ILedgerStore
{
    /// <summary>Adds the entry unless one with its id exists; returns what is stored and whether this call added it.</summary>
    Task<(LedgerEntry Stored, bool Added)> AddIfMissingAsync(LedgerEntry entry, CancellationToken cancellationToken);

    Task<LedgerEntry?> FindAsync(string doctorId, string entryId, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> ListAsync(string doctorId, CancellationToken cancellationToken);

    Task<bool> TryReplaceAsync(LedgerEntry entry, CancellationToken cancellationToken);
}

namespace Nmo.Core.Codes;

public interface ICodeStore
{
    /// <summary>
    /// What the first character of a code hash (lower-case hex) can be: codes whose hashes start alike share a
    /// storage partition, so they can be added in one transaction.
    /// </summary>
    const string Partitions = "0123456789abcdef";

    Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores codes that are not stored yet. Returns the hashes already held by a different attendee: a
    /// collision, which the caller answers with a new code.
    /// </summary>
    Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken);

    /// <summary>Writes the change only if the record is unchanged since read (its ETag); false when someone else changed it first.</summary>
    Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken);
}

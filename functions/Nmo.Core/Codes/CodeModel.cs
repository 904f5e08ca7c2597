namespace Nmo.Core.Codes;

public static class CodeStatus
{
    public const string Issued = "issued";
    public const string Activated = "activated";
    public const string Revoked = "revoked";
}

/// <summary>A stored code: looked up by its keyed hash, never stored in plaintext.</summary>
public sealed record CodeRecord(
    string CodeHash,
    string EventId,
    string AttendeeKey,
    string Status,
    string? DoctorId,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ActivatedAt,
    string? ETag = null);

public interface ICodeStore
{
    Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores codes that are not stored yet. Returns the hashes already held by a different attendee: a
    /// collision, which the caller answers with a new code.
    /// </summary>
    Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken);

    /// <summary>Writes the change only if the record is unchanged since read (its ETag); false when someone else changed it first.</summary>
    Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken);
}

namespace Nmo.Core.Audit;

/// <summary>
/// The append-only record of every change to codes, events and the ledger. Records are never replaced or removed;
/// each has a key derived from the change itself, so a retried delivery writes the same record once.
/// </summary>
public interface IAuditLog
{
    /// <summary>Adds the records not stored yet; one already stored under its key is left as it is.</summary>
    Task RecordAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>The records that match every filter given, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken);
}

using Nmo.Core.Plan;

namespace Nmo.Core.Tests.Common.Fakes;

/// <summary>The ledger as the table store keeps it: one entry per doctor and id, replacements conditional on the ETag.</summary>
public sealed class InMemoryLedgerStore : ILedgerStore
{
    private readonly Dictionary<(string DoctorId, string EntryId), LedgerEntry> stored = [];
    private int version;

    /// <summary>Runs once, inside the next add, before it looks for an existing entry (a concurrent credit).</summary>
    public Action? BeforeNextAdd { get; set; }

    public IReadOnlyList<LedgerEntry> Entries => [.. stored.Values];

    public LedgerEntry? this[string doctorId, string entryId] => stored.GetValueOrDefault((doctorId, entryId));

    public LedgerEntry Put(LedgerEntry entry)
    {
        var written = entry with { ETag = $"ledger-etag-{++version}" };
        stored[(entry.DoctorId, entry.EntryId)] = written;
        return written;
    }

    public Task<(LedgerEntry Stored, bool Added)> AddIfMissingAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var concurrent = BeforeNextAdd;
        BeforeNextAdd = null;
        concurrent?.Invoke();
        return Task.FromResult(stored.TryGetValue((entry.DoctorId, entry.EntryId), out var existing) ? (existing, false) : (Put(entry), true));
    }

    public Task<LedgerEntry?> FindAsync(string doctorId, string entryId, CancellationToken cancellationToken) =>
        Task.FromResult(stored.GetValueOrDefault((doctorId, entryId)));

    public Task<IReadOnlyList<LedgerEntry>> ListAsync(string doctorId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>([.. stored.Values.Where(e => e.DoctorId == doctorId)]);

    public Task<bool> TryReplaceAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (!stored.TryGetValue((entry.DoctorId, entry.EntryId), out var current) || current.ETag != entry.ETag)
        {
            return Task.FromResult(false);
        }

        Put(entry);
        return Task.FromResult(true);
    }
}

using Azure.Data.Tables;
using Nmo.Core.Activations;
using Nmo.Core.Plan;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>A doctor's ledger is one partition; the entry id as row key allows one credit per activity.</summary>
public sealed class TableLedgerStore(StorageClients clients) : ILedgerStore
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Ledger);

    public async Task<(LedgerEntry Stored, bool Added)> AddIfMissingAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var added = await table.TryAddAsync(ToEntity(entry), cancellationToken);
        return added is not null
            ? (entry with { ETag = added.Headers.ETag?.ToString() }, true)
            : ((await FindAsync(entry.DoctorId, entry.EntryId, cancellationToken))!, false);
    }

    public async Task<LedgerEntry?> FindAsync(string doctorId, string entryId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(doctorId, entryId, cancellationToken) is { } e ? FromEntity(e) : null;

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(string doctorId, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {doctorId}"), cancellationToken: cancellationToken))
        {
            entries.Add(FromEntity(e));
        }

        return entries;
    }

    public Task<bool> TryReplaceAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        table.TryReplaceAsync(ToEntity(entry), EntityValues.ETag(entry.ETag), cancellationToken);

    private static TableEntity ToEntity(LedgerEntry l) => new(l.DoctorId, l.EntryId)
    {
        ["Kind"] = l.Kind,
        ["ActivityId"] = l.ActivityId,
        ["Title"] = l.Title,
        ["ProviderId"] = l.ProviderId,
        ["ProviderName"] = l.ProviderName,
        ["Date"] = EntityValues.Date(l.Date),
        ["Credits"] = EntityValues.Number(l.Credits),
        ["CodeHash"] = l.CodeHash,
        ["MaskedCode"] = l.MaskedCode,
        ["Email"] = l.Email,
        ["Language"] = l.Language,
        ["CreditedAt"] = l.CreditedAt,
        ["EffectsQueuedAt"] = l.EffectsQueuedAt,
        ["NoticeSentAt"] = l.NoticeSentAt,
        ["DoctorName"] = l.DoctorName,
        ["ReversalOf"] = l.ReversalOf,
        ["Reason"] = l.Reason,
        ["Format"] = l.Format,
    };

    private static LedgerEntry FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Kind"), e.GetString("ActivityId"), e.GetString("Title"), e.GetString("ProviderId"),
        e.GetString("ProviderName"), EntityValues.Date(e, "Date"), EntityValues.Number(e, "Credits"), e.GetString("CodeHash"),
        e.GetString("MaskedCode"), e.GetString("Email"), e.GetString("Language") ?? "ru", e.GetDateTimeOffset("CreditedAt") ?? default,
        e.GetDateTimeOffset("EffectsQueuedAt"), e.GetDateTimeOffset("NoticeSentAt"), EntityValues.ETagOf(e),
        e.GetString("DoctorName"), e.GetString("ReversalOf"), e.GetString("Reason"), e.GetInt32("Format") ?? LedgerEntry.FormatBeforeNoticeKeys);
}

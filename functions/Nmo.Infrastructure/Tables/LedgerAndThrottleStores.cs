using Azure;
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
        try
        {
            var response = await table.AddEntityAsync(ToEntity(entry), cancellationToken);
            return (entry with { ETag = response.Headers.ETag?.ToString() }, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return ((await FindAsync(entry.DoctorId, entry.EntryId, cancellationToken))!, false);
        }
    }

    public async Task<LedgerEntry?> FindAsync(string doctorId, string entryId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(doctorId, entryId, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e ? FromEntity(e) : null;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(string doctorId, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == doctorId, cancellationToken: cancellationToken))
        {
            entries.Add(FromEntity(e));
        }

        return entries;
    }

    public async Task<bool> TryReplaceAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(ToEntity(entry), EntityValues.ETag(entry.ETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (EntityValues.IsConflict(e))
        {
            return false;
        }
    }

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
    };

    private static LedgerEntry FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("Kind"), e.GetString("ActivityId"), e.GetString("Title"), e.GetString("ProviderId"),
        e.GetString("ProviderName"), EntityValues.Date(e, "Date"), EntityValues.Number(e, "Credits"), e.GetString("CodeHash"),
        e.GetString("MaskedCode"), e.GetString("Email"), e.GetString("Language") ?? "ru", e.GetDateTimeOffset("CreditedAt") ?? default,
        e.GetDateTimeOffset("EffectsQueuedAt"), e.GetDateTimeOffset("NoticeSentAt"), EntityValues.ETagOf(e));
}

public sealed class TableThrottleStore(StorageClients clients) : IThrottleStore
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Throttle);

    public async Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(doctorId, "activation", cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e
            ? new ThrottleState(doctorId, EntityValues.FromJson<DateTimeOffset[]>(e, "Failures", []), EntityValues.ETagOf(e))
            : null;
    }

    public async Task<bool> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.DoctorId, "activation") { ["Failures"] = EntityValues.ToJson(state.Failures) };
        try
        {
            if (state.ETag is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (EntityValues.IsConflict(e))
        {
            return false;
        }
    }
}

using Azure.Data.Tables;
using Nmo.Core.Audit;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// The audit as a table: one partition per event or module (what support asks about), the change's own key as row
/// key. Only ever added to: a record already there (a retried delivery) is left as it is.
/// </summary>
public sealed class TableAuditLog(StorageClients clients) : IAuditLog
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Audit);

    public async Task RecordAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        foreach (var partition in records.GroupBy(r => r.ActivityId, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.DistinctBy(r => r.Key, StringComparer.Ordinal).Chunk(100))
            {
                var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(r)));
                if (await table.TrySubmitTransactionAsync(actions, cancellationToken) is null)
                {
                    // One of them is stored already: the transaction wrote nothing, so each is added on its own.
                    foreach (var record in chunk)
                    {
                        await table.TryAddAsync(ToEntity(record), cancellationToken);
                    }
                }
            }
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<string>();
        if (query.ActivityId is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {query.ActivityId}"));
        }

        if (query.DoctorId is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"DoctorId eq {query.DoctorId}"));
        }

        if (query.CodeHash is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"CodeHash eq {query.CodeHash}"));
        }

        if (query.Since is { } since)
        {
            filters.Add(TableClient.CreateQueryFilter($"At ge {since}"));
        }

        var records = new List<AuditRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filters.Count == 0 ? null : string.Join(" and ", filters), cancellationToken: cancellationToken))
        {
            records.Add(FromEntity(e));
        }

        return [.. records.OrderBy(r => r.At).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static TableEntity ToEntity(AuditRecord r) => new(r.ActivityId, r.Key)
    {
        ["At"] = r.At,
        ["Actor"] = r.Actor,
        ["Action"] = r.Action,
        ["DoctorId"] = r.DoctorId,
        ["CodeHash"] = r.CodeHash,
        ["Before"] = r.Before,
        ["After"] = r.After,
        ["Reason"] = r.Reason,
    };

    private static AuditRecord FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetDateTimeOffset("At") ?? default, e.GetString("Actor"), e.GetString("Action"), e.GetString("DoctorId"),
        e.GetString("CodeHash"), e.GetString("Before"), e.GetString("After"), e.GetString("Reason"));
}

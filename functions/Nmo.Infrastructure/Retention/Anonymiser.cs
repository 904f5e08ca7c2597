using Azure;
using Azure.Data.Tables;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Retention;

/// <summary>Replaces an entity's personal data (<see cref="PersonalData.Fields"/>) in place, keeping every other property.</summary>
internal static class Anonymiser
{
    /// <returns>The properties replaced; empty when there was nothing left to remove (the call is idempotent).</returns>
    public static async Task<IReadOnlyList<string>> AnonymiseAsync(
        TableClient table, TableEntity entity, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fields = PersonalData.Fields[table.Name];
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var changed = fields.Where(f => entity.TryGetValue(f.Key, out var value) && value is string text && text != f.Value)
                .Select(f => f.Key)
                .ToList();
            if (changed.Count == 0)
            {
                return [];
            }

            var update = new TableEntity(entity.PartitionKey, entity.RowKey)
            {
                [PersonalData.RemovedAt] = now,
                [PersonalData.RemovedBy] = by,
            };
            foreach (var name in changed)
            {
                update[name] = fields[name];
            }

            // Conditional on what was read: a concurrent writer (a re-issue) wins, and the entity is read again.
            if (await table.TryUpdateAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken) is not null)
            {
                return changed;
            }

            entity = await table.GetEntityOrNullAsync(entity.PartitionKey, entity.RowKey, cancellationToken) ?? new TableEntity();
        }

        throw new RequestFailedException(409, $"{table.Name} {entity.PartitionKey}/{entity.RowKey} kept changing while its personal data was removed; run again.");
    }
}

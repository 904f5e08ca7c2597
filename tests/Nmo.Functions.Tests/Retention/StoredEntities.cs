using Azure.Data.Tables;

namespace Nmo.Functions.Tests.Retention;

/// <summary>Every entity of a table as stored, for tests that look at what retention, erasure or a restore left.</summary>
internal static class StoredEntities
{
    public static async Task<List<TableEntity>> AllAsync(TableClient table, Func<TableEntity, bool>? where = null)
    {
        var all = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            if (where?.Invoke(entity) ?? true)
            {
                all.Add(entity);
            }
        }

        return all;
    }
}

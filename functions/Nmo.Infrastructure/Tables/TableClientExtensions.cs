using Azure;
using Azure.Data.Tables;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// The table operations every store shares, each decided in one place: reading an entity that may be missing,
/// writing only where no other writer got there first, and what counts as "another writer got there first".
/// </summary>
internal static class TableClientExtensions
{
    /// <summary>
    /// True when another writer got there first: 409 (the keys are taken, or the transaction collided) or 412 (the
    /// ETag no longer matches what is stored). A failed transaction is a <see cref="TableTransactionFailedException"/>,
    /// which is a <see cref="RequestFailedException"/> with the failing action's status, so this covers it too.
    /// </summary>
    public static bool IsConflict(this RequestFailedException exception) => exception.Status is 409 or 412;

    /// <summary>The entity, or null when there is none with these keys.</summary>
    public static async Task<TableEntity?> GetEntityOrNullAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Adds the entity; null when one with its keys is stored already (nothing is written then).</summary>
    public static async Task<Response?> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            return await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the entity only while what is stored still has <paramref name="ifMatch"/> (<see cref="ETag.All"/>: whatever
    /// is stored). Null when another writer changed it since it was read: the caller lost the race and nothing is written.
    /// </summary>
    public static async Task<Response?> TryUpdateAsync(
        this TableClient table, ITableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        try
        {
            return await table.UpdateEntityAsync(entity, ifMatch, mode, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return null;
        }
    }

    /// <summary>Replaces the entity only while what is stored still has <paramref name="ifMatch"/>; false when the race was lost.</summary>
    public static async Task<bool> TryReplaceAsync(this TableClient table, ITableEntity entity, ETag ifMatch, CancellationToken cancellationToken) =>
        await table.TryUpdateAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken) is not null;

    /// <summary>
    /// Deletes the entity only while what is stored still has <paramref name="ifMatch"/>. True when it is gone (a
    /// delete that finds none has nothing left to do), false when another writer changed it since it was read.
    /// </summary>
    public static async Task<bool> TryDeleteAsync(this TableClient table, string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ifMatch, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    /// <summary>
    /// Submits the actions as one transaction (one partition, at most 100 actions). Null when one of them met another
    /// writer's entity (a taken key, a changed ETag): the transaction is void as a whole, none of it is written.
    /// </summary>
    public static async Task<IReadOnlyList<Response>?> TrySubmitTransactionAsync(
        this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            return await table.SubmitInOnePartitionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.IsConflict())
        {
            return null;
        }
    }

    /// <summary>
    /// Submits the actions as one transaction, after checking they share one partition key. Azure refuses a
    /// transaction spanning partitions; Azurite does not check, so without this a store mixing partitions would
    /// pass every test here and fail only in production. Every transaction of the stores goes through this.
    /// </summary>
    public static async Task<IReadOnlyList<Response>> SubmitInOnePartitionAsync(
        this TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var batch = actions as IReadOnlyList<TableTransactionAction> ?? [.. actions];
        if (batch.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw new InvalidOperationException(
                $"A transaction on table {table.Name} spans partitions ({string.Join(", ", batch.Select(a => a.Entity.PartitionKey).Distinct(StringComparer.Ordinal).Take(3))}): Azure refuses it.");
        }

        return (await table.SubmitTransactionAsync(batch, cancellationToken)).Value;
    }
}

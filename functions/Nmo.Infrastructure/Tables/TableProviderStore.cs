using Azure.Data.Tables;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// One entity per provider (partition = provider id) holding the hash of its first API key, never the key, and
/// beside it one entity per key changed or made since (row <c>key|KEY-ID</c>: hash, created, expires, revoked).
/// </summary>
public sealed class TableProviderStore(StorageClients clients) : IProviderStore
{
    private const string Row = "provider";
    private const string KeyRowPrefix = "key|";
    private readonly TableClient table = clients.Table(StorageNames.Tables.Providers);

    public Task AddAsync(ProviderRecord provider, CancellationToken cancellationToken) =>
        table.AddEntityAsync(
            new TableEntity(provider.ProviderId, Row)
            {
                ["Name"] = provider.Name,
                ["KeyHash"] = provider.KeyHash,
                ["CreatedAt"] = provider.CreatedAt,
            },
            cancellationToken);

    public async Task<ProviderRecord?> FindAsync(string providerId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(providerId, Row, cancellationToken) is { } e
            ? new ProviderRecord(providerId, e.GetString("Name"), e.GetString("KeyHash"), e.GetDateTimeOffset("CreatedAt") ?? default)
            : null;

    public async Task<ProviderKey?> FindKeyAsync(string providerId, string keyId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(providerId, KeyRowPrefix + keyId, cancellationToken) is { } e ? ToKey(e) : null;

    public async Task<IReadOnlyList<ProviderKey>> ListKeysAsync(string providerId, CancellationToken cancellationToken)
    {
        var keys = new List<ProviderKey>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {providerId} and RowKey ge {KeyRowPrefix} and RowKey lt {"key}"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            keys.Add(ToKey(e));
        }

        return keys;
    }

    public Task SaveKeyAsync(ProviderKey key, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(key.ProviderId, KeyRowPrefix + key.KeyId)
            {
                ["KeyHash"] = key.KeyHash,
                ["CreatedAt"] = key.CreatedAt,
                ["ExpiresAt"] = key.ExpiresAt,
                ["RevokedAt"] = key.RevokedAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    private static ProviderKey ToKey(TableEntity e) =>
        new(e.PartitionKey, e.RowKey[KeyRowPrefix.Length..], e.GetString("KeyHash"), e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("ExpiresAt"), e.GetDateTimeOffset("RevokedAt"));
}

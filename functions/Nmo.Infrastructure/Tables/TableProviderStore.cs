using Azure.Data.Tables;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>One entity per provider (partition = provider id) holding the hash of its API key, never the key.</summary>
public sealed class TableProviderStore(StorageClients clients) : IProviderStore
{
    private const string Row = "provider";
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
}

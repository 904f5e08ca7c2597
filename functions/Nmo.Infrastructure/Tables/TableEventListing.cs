using Azure.Data.Tables;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// A provider's events from the Events table. Events are partitioned by id, so this is a filtered scan of the table:
/// fine for the thousands of events a registry holds, and the place to add a provider index when it is not.
/// </summary>
public sealed class TableEventListing(StorageClients clients) : IEventListing
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Events);

    public Task<Page<ListedEvent>?> ListByProviderAsync(string providerId, int pageSize, string? storageToken, CancellationToken cancellationToken) =>
        TablePages.ReadAsync(
            TablePages.Query(table, TableClient.CreateQueryFilter($"RowKey eq 'event' and ProviderId eq {providerId}")),
            e => new ListedEvent(TableEventStore.FromEntity(e), e.ETag.ToString()),
            pageSize,
            storageToken,
            cancellationToken);
}

using Azure.Data.Tables;
using Nmo.Core.Common;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// An event's uploads from the Uploads table (partitioned by upload id): a filtered scan, which the content claims
/// sharing the table never match (they carry no EventId).
/// </summary>
public sealed class TableUploadListing(StorageClients clients) : IUploadListing
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Uploads);

    public Task<Page<UploadRecord>?> ListByEventAsync(string eventId, int pageSize, string? storageToken, CancellationToken cancellationToken) =>
        TablePages.ReadAsync(
            TablePages.Query(table, TableClient.CreateQueryFilter($"RowKey eq 'upload' and EventId eq {eventId}")),
            TableUploadStore.FromEntity,
            pageSize,
            storageToken,
            cancellationToken);
}

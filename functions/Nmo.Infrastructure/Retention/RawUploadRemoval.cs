using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Blobs;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Retention;

/// <summary>Deletes one upload's raw file, its certificate batches and its per-row results, and marks the upload so (retention and erasure share it).</summary>
internal static class RawUploadRemoval
{
    /// <summary>Set on an upload once its file and per-row results are gone: the counts stay, the rows do not.</summary>
    public const string RawDeletedAt = "RawDeletedAt";

    public static async Task DeleteAsync(StorageClients clients, TableEntity upload, string blobName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await clients.Container(StorageNames.Containers.Uploads).GetBlobClient(blobName)
            .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        if (upload.GetString("EventId") is { Length: > 0 } eventId)
        {
            // Certificate batches left by a message that never completed hold the same names and e-mails.
            await BlobCertificateBatchStore.DeleteAllAsync(clients, eventId, upload.PartitionKey, cancellationToken);
        }

        // The rows' reasons can quote what a row held (a malformed e-mail), so they go with the file.
        var rows = clients.Table(StorageNames.Tables.UploadRows);
        await foreach (var row in rows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {upload.PartitionKey}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await rows.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }

        await clients.Table(StorageNames.Tables.Uploads).UpdateEntityAsync(
            new TableEntity(upload.PartitionKey, upload.RowKey) { [RawDeletedAt] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}

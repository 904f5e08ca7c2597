using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Blobs;

/// <summary>
/// Certificate batches beside their raw upload (<c>{event}/{upload}.certificates/{batch}.json</c>), in the same
/// container: they hold what the raw file holds (names and e-mails, the codes only encrypted), so they go with it,
/// under the same lifecycle rule, retention and erasure (<see cref="Prefix"/>). The mailer deletes each once used.
/// </summary>
public sealed class BlobCertificateBatchStore(StorageClients clients) : ICertificateBatchStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly BlobContainerClient container = clients.Container(StorageNames.Containers.Uploads);

    /// <summary>Where an upload's batches are: everything under it goes when the upload's raw file goes.</summary>
    public static string Prefix(string eventId, string uploadId) => $"{eventId}/{uploadId}.certificates/";

    /// <remarks>
    /// The name is new for every call, so the write is unconditional: a try whose answer was lost and that the SDK
    /// repeats writes the same bytes again, where an if-none-match guard would fail the upload's processing on 409.
    /// </remarks>
    public async Task<string> SaveAsync(string eventId, string uploadId, IReadOnlyList<AttendeeVersion> versions, CancellationToken cancellationToken)
    {
        var name = Prefix(eventId, uploadId) + Ids.New("batch") + ".json";
        await container.GetBlobClient(name).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(versions, Json)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        return name;
    }

    public async Task<IReadOnlyList<AttendeeVersion>?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<List<AttendeeVersion>>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    /// <summary>Deletes every batch of the upload (its raw file is going: retention or erasure).</summary>
    internal static async Task DeleteAllAsync(StorageClients clients, string eventId, string uploadId, CancellationToken cancellationToken)
    {
        var container = clients.Container(StorageNames.Containers.Uploads);
        await foreach (var blob in container.GetBlobsAsync(prefix: Prefix(eventId, uploadId), cancellationToken: cancellationToken))
        {
            await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
    }
}

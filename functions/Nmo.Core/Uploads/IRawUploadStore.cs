namespace Nmo.Core.Uploads;

/// <summary>Raw uploads exactly as sent: kept before any processing, so nothing a provider uploaded is lost.</summary>
public interface IRawUploadStore
{
    /// <summary>Streams <paramref name="content"/> into the blob; returns its size and SHA-256 (hex).</summary>
    Task<StoredBlob> SaveAsync(string blobName, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Opens the stored bytes for reading; throws <see cref="RawUploadMissingException"/> when there are none.</summary>
    Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken);

    Task DeleteAsync(string blobName, CancellationToken cancellationToken);
}

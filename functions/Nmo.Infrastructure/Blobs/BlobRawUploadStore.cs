using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Blobs;

/// <summary>Raw uploads in Blob storage, streamed in while hashed and counted, never buffered whole.</summary>
public sealed class BlobRawUploadStore(StorageClients clients) : IRawUploadStore
{
    private readonly BlobContainerClient container = clients.Container(StorageNames.Containers.Uploads);

    public async Task<StoredBlob> SaveAsync(string blobName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var counted = new CountingStream(content, sha, maxBytes);
        await container.GetBlobClient(blobName).UploadAsync(
            counted,
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" },
                TransferOptions = new Azure.Storage.StorageTransferOptions { MaximumConcurrency = 2, InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024 },
            },
            cancellationToken);
        return new StoredBlob(counted.BytesRead, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public async Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return await container.GetBlobClient(blobName).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new RawUploadMissingException(blobName, e);
        }
    }

    public Task DeleteAsync(string blobName, CancellationToken cancellationToken) =>
        container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>Hashes and counts what passes through, and stops an upload the moment it exceeds the limit.</summary>
    private sealed class CountingStream(Stream inner, IncrementalHash hash, long maxBytes) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Count(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(ReadOnlySpan<byte> read)
        {
            BytesRead += read.Length;
            if (BytesRead > maxBytes)
            {
                throw new UploadTooLargeException(maxBytes);
            }

            hash.AppendData(read);
            return read.Length;
        }
    }
}

using Nmo.Core.Attendance;

namespace Nmo.Core.Uploads;

public static class UploadStatus
{
    public const string Received = "received";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
}

/// <summary>One attendance upload and its progress. Row issues are stored beside it, not in it.</summary>
public sealed record UploadRecord
{
    public required string UploadId { get; init; }
    public required string EventId { get; init; }
    public required string ProviderId { get; init; }
    public required string Status { get; init; }
    public required string ContentHash { get; init; }
    public required string BlobName { get; init; }
    public required long Bytes { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public string Encoding { get; init; } = "";
    public string Delimiter { get; init; } = "";
    public int Rows { get; init; }
    public int Accepted { get; init; }
    public int Rejected { get; init; }
    public int Issued { get; init; }
    public int AlreadyIssued { get; init; }
    public int Emailed { get; init; }
    public int EmailFailed { get; init; }
    public IReadOnlyList<FileIssue> Warnings { get; init; } = [];
    public IReadOnlyList<FileIssue> Problems { get; init; } = [];
    public string? FailureReason { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? ETag { get; init; }
}

public interface IUploadStore
{
    Task<UploadRecord?> FindAsync(string uploadId, CancellationToken cancellationToken);

    Task AddAsync(UploadRecord upload, CancellationToken cancellationToken);

    /// <summary>Replaces the record if it has not changed since it was read (its ETag); false when it has.</summary>
    Task<bool> TryReplaceAsync(UploadRecord upload, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a content hash for an event: returns null when this upload is the first with it, or the id of the
    /// upload that already holds it. Atomic, so two simultaneous uploads of one file cannot both win.
    /// </summary>
    Task<string?> ClaimContentAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken);

    Task AddIssuesAsync(string uploadId, IReadOnlyList<RowIssue> issues, CancellationToken cancellationToken);

    IAsyncEnumerable<RowIssue> ListIssuesAsync(string uploadId, CancellationToken cancellationToken);
}

/// <summary>Raw uploads exactly as sent: kept before any processing, so nothing a provider uploaded is lost.</summary>
public interface IRawUploadStore
{
    /// <summary>Streams <paramref name="content"/> into the blob; returns its size and SHA-256 (hex).</summary>
    Task<StoredBlob> SaveAsync(string blobName, Stream content, long maxBytes, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken);

    Task DeleteAsync(string blobName, CancellationToken cancellationToken);
}

public sealed record StoredBlob(long Bytes, string Sha256);

/// <summary>Thrown while storing an upload that turns out larger than the limit.</summary>
public sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload exceeds {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

public sealed class UploadOptions
{
    /// <summary>Largest accepted upload. Kestrel and the host allow more; past this the API answers 413.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Rows issued per storage transaction (Table Storage allows 100 entities per batch).</summary>
    public int ChunkSize { get; set; } = 100;

    /// <summary>Recipients per certificate e-mail message: SendGrid takes up to 1,000 personalizations a request.</summary>
    public int EmailBatchSize { get; set; } = 1000;
}

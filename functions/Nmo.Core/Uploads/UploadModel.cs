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
    /// <summary>A key of <see cref="Localization.Texts"/> (translated when shown), or free text from older records.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Processing attempts that ended in an error; at the host's delivery limit the upload is marked failed.</summary>
    public int FailedAttempts { get; init; }
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

    /// <summary>Gives up a claim, but only while <paramref name="uploadId"/> still holds it.</summary>
    Task ReleaseContentAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken);

    /// <summary>Removes an upload record that turned out to be a repeat (and its row issues).</summary>
    Task DeleteAsync(string uploadId, CancellationToken cancellationToken);

    Task AddIssuesAsync(string uploadId, IReadOnlyList<RowIssue> issues, CancellationToken cancellationToken);

    IAsyncEnumerable<RowIssue> ListIssuesAsync(string uploadId, CancellationToken cancellationToken);
}

/// <summary>Raw uploads exactly as sent: kept before any processing, so nothing a provider uploaded is lost.</summary>
public interface IRawUploadStore
{
    /// <summary>Streams <paramref name="content"/> into the blob; returns its size and SHA-256 (hex).</summary>
    Task<StoredBlob> SaveAsync(string blobName, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Opens the stored bytes for reading; throws <see cref="RawUploadMissingException"/> when there are none.</summary>
    Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken);

    Task DeleteAsync(string blobName, CancellationToken cancellationToken);
}

public sealed record StoredBlob(long Bytes, string Sha256);

/// <summary>Thrown while storing an upload that turns out larger than the limit.</summary>
public sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload exceeds {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>The raw bytes of an upload are gone (deleted by hand, or a retention rule): it cannot be processed.</summary>
public sealed class RawUploadMissingException(string blobName, Exception? inner = null)
    : Exception($"The raw upload {blobName} does not exist.", inner);

public sealed class UploadOptions
{
    /// <summary>
    /// What the Azure Functions host itself accepts (104,857,600 bytes): a larger request is refused by the host
    /// before it reaches the app, so no larger setting could ever take effect.
    /// </summary>
    public const long HostLimitBytes = 100L * 1024 * 1024;

    /// <summary>Largest accepted upload (setting <c>Uploads:MaxBytes</c>); past it the API answers 413. Capped at <see cref="HostLimitBytes"/>.</summary>
    public long MaxBytes { get; set; } = HostLimitBytes;

    /// <summary>The limit actually enforced: the setting, but never above what the host lets through.</summary>
    public long EffectiveMaxBytes => Math.Clamp(MaxBytes, 1, HostLimitBytes);

    /// <summary>Rows issued per storage transaction (Table Storage allows 100 entities per batch).</summary>
    public int ChunkSize { get; set; } = 100;

    /// <summary>Recipients per certificate e-mail message: SendGrid takes up to 1,000 personalizations a request.</summary>
    public int EmailBatchSize { get; set; } = 1000;
}

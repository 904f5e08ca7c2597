using Nmo.Core.Attendance;

namespace Nmo.Core.Uploads;

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

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

    /// <summary>
    /// The checkpoint of processing: rows of the file processed so far (<see cref="Issued"/> and
    /// <see cref="AlreadyIssued"/> count up to it); a retry or the next slice resumes after it.
    /// </summary>
    public int Processed { get; init; }
    public int Accepted { get; init; }
    public int Rejected { get; init; }
    public int Issued { get; init; }
    public int AlreadyIssued { get; init; }
    /// <summary>
    /// Certificates e-mailed as counted on this record before the counts were tallied with the outcomes
    /// (<see cref="Email.ICertificateStateStore.TallyAsync"/>); no longer written, and added to the tally when shown.
    /// </summary>
    public int Emailed { get; init; }

    /// <inheritdoc cref="Emailed"/>
    public int EmailFailed { get; init; }
    public IReadOnlyList<FileIssue> Warnings { get; init; } = [];
    public IReadOnlyList<FileIssue> Problems { get; init; } = [];
    /// <summary>A key of <see cref="Localization.Texts"/> (translated when shown), or free text from older records.</summary>
    public string? FailureReason { get; init; }

    /// <summary>Processing attempts that ended in an error; at the host's delivery limit the upload is marked failed.</summary>
    public int FailedAttempts { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? ETag { get; init; }

    /// <summary>The record as shown: its e-mail counts are what the outcomes' tally says (over any counted before it).</summary>
    public UploadRecord Showing(Email.EmailTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return this with { Emailed = Emailed + tally.Emailed, EmailFailed = EmailFailed + tally.Failed };
    }
}

namespace Nmo.Core.Uploads;

/// <summary>Status of an upload as the provider sees it, with row issues in the provider's language.</summary>
public sealed record UploadStatusView(
    string UploadId,
    string EventId,
    string Status,
    string Encoding,
    string Delimiter,
    int Rows,
    int Processed,
    int Accepted,
    int Rejected,
    int Issued,
    int AlreadyIssued,
    int Emailed,
    int EmailFailed,
    IReadOnlyList<RowIssueView> Errors,
    IReadOnlyList<string> Warnings,
    string? FailureReason,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt);

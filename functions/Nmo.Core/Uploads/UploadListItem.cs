namespace Nmo.Core.Uploads;

/// <summary>An upload in an event's list: its status and counts, and where its status and report are.</summary>
public sealed record UploadListItem(
    string UploadId,
    string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    long Bytes,
    int Rows,
    int Accepted,
    int Rejected,
    int Issued,
    int AlreadyIssued,
    int Emailed,
    int EmailFailed,
    string StatusUrl,
    string ReportUrl)
{
    public static UploadListItem From(UploadRecord u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return new(
            u.UploadId, u.Status, u.ReceivedAt, u.CompletedAt, u.Bytes, u.Rows, u.Accepted, u.Rejected, u.Issued, u.AlreadyIssued,
            u.Emailed, u.EmailFailed, $"/api/uploads/{u.UploadId}", $"/api/uploads/{u.UploadId}/report.csv");
    }
}

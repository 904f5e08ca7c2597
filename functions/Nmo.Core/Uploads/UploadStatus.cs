namespace Nmo.Core.Uploads;

public static class UploadStatus
{
    public const string Received = "received";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
}

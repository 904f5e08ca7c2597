namespace Nmo.Core.Uploads;

/// <summary>The per-row report of a processed upload, written on demand into the response body.</summary>
public sealed record UploadReport(string FileName, Func<Stream, CancellationToken, Task> WriteAsync)
{
    public const string ContentType = "text/csv; charset=utf-8";
}

namespace Nmo.Core.Attendance;

/// <summary>The outcome of a full pass over a file: what <c>nmo validate</c> prints and the upload status reports.</summary>
public sealed record ValidationReport(
    string Encoding,
    string Delimiter,
    int Rows,
    int Accepted,
    int Rejected,
    IReadOnlyList<RowIssue> Errors,
    IReadOnlyList<FileIssue> Warnings,
    IReadOnlyList<FileIssue> Problems)
{
    public bool Usable => Problems.Count == 0;
}

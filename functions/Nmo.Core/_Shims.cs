// TEMPORARY: signatures of the helpers' APIs so the rest compiles; deleted when their branches merge.
#pragma warning disable
using Nmo.Core.Localization;
namespace Nmo.Core.Attendance
{
    public sealed record AttendanceRules(int? MinAttendanceMinutes = null, decimal? MinPresenceShare = null, long MaxBytes = 100L * 1024 * 1024);
    public enum RowIssueKind { Invalid, Duplicate, NotEligible, AlreadyIssued }
    public sealed record RowIssue(int Line, string Column, RowIssueKind Kind, string Code, IReadOnlyList<string> Args);
    public sealed record FileIssue(string Code, IReadOnlyList<string> Args);
    public sealed record Attendee(int Line, string FullName, string LastName, string FirstName, string? MiddleName, string Email, string? Specialty, string? Snils, int? AttendanceMinutes, Language Language) { public string EmailKey => Email.Trim().ToLowerInvariant(); }
    public sealed record RowResult(Attendee? Attendee, RowIssue? Issue);
    public static class AttendanceReader { public static AttendanceFile Open(Stream stream, AttendanceRules rules) => throw new NotImplementedException(); }
    public sealed class AttendanceFile : IDisposable { public string EncodingName => ""; public string Delimiter => ""; public IReadOnlyList<FileIssue> Problems => []; public IReadOnlyList<FileIssue> Warnings => []; public IEnumerable<RowResult> Rows() => throw new NotImplementedException(); public void Dispose() { } }
    public sealed record ValidationReport(string Encoding, string Delimiter, int Rows, int Accepted, int Rejected, IReadOnlyList<RowIssue> Errors, IReadOnlyList<FileIssue> Warnings, IReadOnlyList<FileIssue> Problems) { public bool Usable => Problems.Count == 0; }
    public static class AttendanceValidator { public static ValidationReport Validate(Stream stream, AttendanceRules rules) => throw new NotImplementedException(); }
    public static class AttendanceTexts { public static string Describe(RowIssue issue, Language language) => ""; public static string Describe(FileIssue issue, Language language) => ""; }
    public static class CsvSafety { public static string Neutralize(string? value) => value ?? ""; }
}

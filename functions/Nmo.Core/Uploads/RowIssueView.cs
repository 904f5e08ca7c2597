using System.Globalization;
using Nmo.Core.Attendance;
using Nmo.Core.Localization;

namespace Nmo.Core.Uploads;

/// <summary>
/// An error as the upload status, <c>nmo validate</c> and a refused upload show it: where, what kind, the stable
/// code and why in words. A rejected row has its line; a reason that refuses the whole file is of kind
/// <c>file</c>, with the line it names, if any.
/// </summary>
public sealed record RowIssueView(int? Line, string Column, string Kind, string Code, string Reason)
{
    public const string FileKind = "file";

    public static RowIssueView From(RowIssue issue, Language language) =>
        new(issue.Line, issue.Column, KindName(issue.Kind), issue.Code, AttendanceTexts.Describe(issue, language));

    public static RowIssueView From(FileIssue problem, Language language) =>
        new(LineOf(problem), string.Empty, FileKind, problem.Code, AttendanceTexts.Describe(problem, language));

    public static string KindName(RowIssueKind kind) => kind switch
    {
        RowIssueKind.Duplicate => "duplicate",
        RowIssueKind.NotEligible => "not-eligible",
        RowIssueKind.AlreadyIssued => "already-issued",
        _ => "invalid",
    };

    /// <summary>The file problems that are about one place name its line first.</summary>
    private static int? LineOf(FileIssue problem) =>
        problem.Code is IssueCodes.FileUnterminatedQuote or IssueCodes.FileRecordTooLarge
        && problem.Args.Count > 0
        && int.TryParse(problem.Args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? line
            : null;
}
